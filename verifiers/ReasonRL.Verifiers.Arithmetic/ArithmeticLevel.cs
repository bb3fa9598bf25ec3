using ReasonRL.Verifiers.Arithmetic.Expressions;

namespace ReasonRL.Verifiers.Arithmetic;

/// <summary>
/// What a difficulty level of the <c>arithmetic</c> family means. Every intermediate result is a whole number
/// between 0 and <see cref="MaxIntermediate"/> (division only when exact), so worked steps stay short; a product
/// always has one factor between 2 and <see cref="MaxFactor"/>, which keeps multiplication within reach of a tiny
/// model at low levels.
/// <code>
/// level  operations  operands  operators   small factor / divisor  intermediates
///   1        1        1–99     + − ×            2–9                  ≤ 9,999
///   2        2        1–99     + − × ÷          2–9                  ≤ 9,999
///   3        3        1–99     + − × ÷          2–12                 ≤ 9,999
///   4       3–4       1–999    + − × ÷          2–12                 ≤ 99,999
///   5       4–5       1–999    + − × ÷          2–20                 ≤ 99,999
/// </code>
/// Parentheses appear where the random expression tree needs them (from level 2).
/// </summary>
public sealed record ArithmeticLevel(int Level, int MinOperations, int MaxOperations, int MaxOperand, IReadOnlyList<Operator> Operators, int MaxFactor, int MaxIntermediate)
{
    private static readonly Operator[] AddSubtractMultiply = [Operator.Add, Operator.Subtract, Operator.Multiply];
    private static readonly Operator[] All = [Operator.Add, Operator.Subtract, Operator.Multiply, Operator.Divide];

    public static IReadOnlyList<ArithmeticLevel> Table { get; } =
    [
        new(1, 1, 1, 99, AddSubtractMultiply, 9, 9_999),
        new(2, 2, 2, 99, All, 9, 9_999),
        new(3, 3, 3, 99, All, 12, 9_999),
        new(4, 3, 4, 999, All, 12, 99_999),
        new(5, 4, 5, 999, All, 20, 99_999),
    ];

    public static ArithmeticLevel Of(int level) => Table[level - 1];
}
