using System.Text;

namespace ReasonRL.Verifiers.Arithmetic.Expressions;

/// <summary>
/// Writes an expression tree compactly ("37+48*2-15") with only the parentheses its structure needs, such that
/// <see cref="ExpressionParser"/> reads back the SAME tree: a child of lower precedence than its parent is
/// parenthesised, and so is a right child of equal precedence (the parser groups to the left), so a+(b+c) keeps
/// its parentheses. Worked steps follow the tree, so they follow the text a reader sees.
/// </summary>
public static class ExpressionPrinter
{
    public static string Print(Expr expr)
    {
        var text = new StringBuilder();
        Write(expr, text);
        return text.ToString();
    }

    private static void Write(Expr expr, StringBuilder text)
    {
        switch (expr)
        {
            case NumberExpr number:
                text.Append(number.Value.ToString());
                break;
            case NegateExpr negate:
                text.Append('-');
                Child(negate.Operand, parenthesise: negate.Operand is BinaryExpr, text);
                break;
            case BinaryExpr binary:
                var precedence = binary.Operator.Precedence();
                Child(binary.Left, binary.Left is BinaryExpr l && l.Operator.Precedence() < precedence, text);
                text.Append(binary.Operator.Symbol());
                Child(binary.Right, binary.Right is BinaryExpr r && r.Operator.Precedence() <= precedence, text);
                break;
        }
    }

    private static void Child(Expr child, bool parenthesise, StringBuilder text)
    {
        if (parenthesise)
        {
            text.Append('(');
        }

        Write(child, text);
        if (parenthesise)
        {
            text.Append(')');
        }
    }
}
