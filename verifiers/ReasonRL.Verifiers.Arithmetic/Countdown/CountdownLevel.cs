namespace ReasonRL.Verifiers.Arithmetic.Countdown;

/// <summary>
/// What a difficulty level of the <c>countdown</c> family means. The generator combines ALL the given numbers into
/// the target, two at a time, with whole-number intermediate results between 1 and <see cref="MaxIntermediate"/>
/// (no ×1, no ÷1, division only when exact), so every instance has a solution that uses each number once.
/// <code>
/// level  numbers  values  target   intermediates
///   1       2      1–20   1–100       ≤ 999
///   2       3      1–30   1–100       ≤ 999
///   3       4      1–50   1–200       ≤ 999
///   4       5      1–99   1–999       ≤ 9,999
/// </code>
/// The target is never one of the given numbers.
/// </summary>
public sealed record CountdownLevel(int Level, int Numbers, int MaxNumber, int MaxTarget, int MaxIntermediate)
{
    public static IReadOnlyList<CountdownLevel> Table { get; } =
    [
        new(1, 2, 20, 100, 999),
        new(2, 3, 30, 100, 999),
        new(3, 4, 50, 200, 999),
        new(4, 5, 99, 999, 9_999),
    ];

    public static CountdownLevel Of(int level) => Table[level - 1];
}
