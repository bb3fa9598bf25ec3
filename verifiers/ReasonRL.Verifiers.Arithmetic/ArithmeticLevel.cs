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
/// <param name="Chain">Left to right only ("3+5-2+7": each operation takes the result so far and one number), so worked steps follow the prompt's order.</param>
public sealed record ArithmeticLevel(int Level, int MinOperations, int MaxOperations, int MaxOperand, IReadOnlyList<Operator> Operators, int MaxFactor, int MaxIntermediate, bool Chain = false)
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

    /// <summary>
    /// The levels of the <c>digits</c> family: chains of one-digit numbers added and subtracted left to right, every
    /// result so far between 0 and 20, so that one worked step is a small fact ("13-4 = 9") a toy model learns in
    /// minutes, while the answer of a long chain still needs every step. Level = number of operations.
    /// <code>
    /// level  operations  operands  operators  intermediates
    ///   1        1         1–9       + −         ≤ 20
    ///   2        2         1–9       + −         ≤ 20
    ///   3        3         1–9       + −         ≤ 20
    ///   4        4         1–9       + −         ≤ 20
    ///   5        5         1–9       + −         ≤ 20
    /// </code>
    /// </summary>
    public static IReadOnlyList<ArithmeticLevel> DigitsTable { get; } =
        [.. Enumerable.Range(1, 5).Select(level => new ArithmeticLevel(level, level, level, 9, [Operator.Add, Operator.Subtract], 9, 20, Chain: true))];

    public static ArithmeticLevel Of(int level) => Table[level - 1];
}
