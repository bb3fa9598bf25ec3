using ReasonRL.Verifiers.Arithmetic.Expressions;
using ReasonRL.Verifiers.Arithmetic.Numbers;

namespace ReasonRL.Verifiers.Arithmetic.Tests;

public class ExpressionParserTests
{
    [Theory]
    [InlineData("37+48*2-15", "118")]
    [InlineData("8-3-2", "3")]
    [InlineData("8/4/2", "1")]
    [InlineData("2*(3+4)", "14")]
    [InlineData("((7))", "7")]
    [InlineData(" 12 / 8 ", "3/2")]
    [InlineData("1/3*3", "1")]
    [InlineData("-3*2", "-6")]
    [InlineData("2*-3", "-6")]
    [InlineData("--4", "4")]
    [InlineData("1.5+0.25", "7/4")]
    [InlineData("6\u00d77\u22122\u00f72", "41")]
    [InlineData("8/(3-8/3)", "24")]
    [InlineData("123456789012345678901234567890*10", "1234567890123456789012345678900")]
    public void Evaluates_exactly_with_precedence_and_left_grouping(string text, string expected)
    {
        Assert.True(ExpressionParser.TryParse(text, ParseOptions.Steps, out var expr, out var error), error);
        Assert.True(expr.TryEvaluate(out var value));
        Assert.Equal(expected, value.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("2+")]
    [InlineData("(2+3")]
    [InlineData("2+3)")]
    [InlineData("2 3")]
    [InlineData("2**3")]
    [InlineData("2^3")]
    [InlineData("x+1")]
    [InlineData("1e3")]
    [InlineData("5.")]
    [InlineData(".5")]
    [InlineData("1,000+1")]
    [InlineData("2=2")]
    public void Rejects_what_is_not_an_expression(string text) =>
        Assert.False(ExpressionParser.TryParse(text, ParseOptions.Steps, out _, out _));

    [Theory]
    [InlineData("-3+5", "unary minus")]
    [InlineData("2*(-3)", "unary minus")]
    [InlineData("1.5*2", "decimal")]
    public void Countdown_rules_refuse_unary_minus_and_decimals(string text, string reason)
    {
        Assert.False(ExpressionParser.TryParse(text, ParseOptions.Countdown, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_and_deeply_nested_text_is_refused_quickly_without_overflowing_the_stack()
    {
        Assert.False(ExpressionParser.TryParse(new string('(', 100_000) + "1" + new string(')', 100_000), ParseOptions.Steps, out _, out _));
        Assert.False(ExpressionParser.TryParse(string.Join('+', Enumerable.Repeat("1", 50_000)), ParseOptions.Steps, out _, out _));
        Assert.True(ExpressionParser.TryParse(new string('(', 100) + "1" + new string(')', 100), ParseOptions.Steps, out _, out _));
    }

    [Fact]
    public void Division_by_zero_parses_but_does_not_evaluate()
    {
        Assert.True(ExpressionParser.TryParse("5/(3-3)", ParseOptions.Steps, out var expr, out _));
        Assert.False(expr.TryEvaluate(out _));
    }

    [Theory]
    [InlineData("37+48*2-15")]
    [InlineData("(3+4)*(5+6)")]
    [InlineData("2*3+4*5")]
    [InlineData("10-(4-3)")]
    [InlineData("10-(4+3)")]
    [InlineData("1+(2+3)")]
    [InlineData("96/(4*2)")]
    [InlineData("12*(6/3)")]
    [InlineData("(8-2)/3")]
    public void Printing_a_parsed_expression_gives_back_the_same_text_and_tree(string text)
    {
        Assert.True(ExpressionParser.TryParse(text, ParseOptions.Steps, out var expr, out _));

        var printed = ExpressionPrinter.Print(expr);

        Assert.Equal(text, printed);
        Assert.True(ExpressionParser.TryParse(printed, ParseOptions.Steps, out var again, out _));
        Assert.Equal(Strip(expr), Strip(again));
    }

    [Fact]
    public void Printing_adds_only_needed_parentheses()
    {
        var tree = new BinaryExpr(
            Operator.Subtract,
            new BinaryExpr(Operator.Add, new NumberExpr(1), new BinaryExpr(Operator.Multiply, new NumberExpr(2), new NumberExpr(3))),
            new BinaryExpr(Operator.Subtract, new NumberExpr(9), new NumberExpr(4)));

        Assert.Equal("1+2*3-(9-4)", ExpressionPrinter.Print(tree));
    }

    /// <summary>The tree without source positions, for structural comparison.</summary>
    private static Expr Strip(Expr expr) => expr switch
    {
        NumberExpr n => new NumberExpr(n.Value),
        BinaryExpr b => new BinaryExpr(b.Operator, Strip(b.Left), Strip(b.Right)),
        NegateExpr n => new NegateExpr(Strip(n.Operand)),
        _ => expr,
    };

    [Fact]
    public void Literals_are_listed_left_to_right_with_their_positions()
    {
        Assert.True(ExpressionParser.TryParse("(25-5)*4+3", ParseOptions.Countdown, out var expr, out _));

        var literals = expr.Literals();

        Assert.Equal(new Rational[] { 25, 5, 4, 3 }, literals.Select(l => l.Value));
        Assert.Equal((1, 3), (literals[0].Start, literals[0].End));
    }
}
