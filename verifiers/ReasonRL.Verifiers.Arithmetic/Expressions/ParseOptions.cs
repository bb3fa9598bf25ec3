namespace ReasonRL.Verifiers.Arithmetic.Expressions;

/// <summary>What <see cref="ExpressionParser"/> accepts beyond integers, + − × ÷ and parentheses.</summary>
/// <param name="AllowUnaryMinus">Accept a leading minus on a number or a parenthesis ("-3*2", "2*(-3)").</param>
/// <param name="AllowDecimals">Accept decimal literals ("1.5").</param>
/// <param name="MaxLength">Longer text is refused unparsed: it bounds time, memory and recursion depth.</param>
public sealed record ParseOptions(bool AllowUnaryMinus = true, bool AllowDecimals = true, int MaxLength = 256)
{
    /// <summary>Step lines of worked solutions: unary minus and decimals allowed.</summary>
    public static ParseOptions Steps { get; } = new();

    /// <summary>Countdown answers: integers and the four binary operations only.</summary>
    public static ParseOptions Countdown { get; } = new(AllowUnaryMinus: false, AllowDecimals: false);
}
