namespace ReasonRL.Verifiers.Arithmetic.Countdown;

/// <summary>
/// The <c>reference</c> of a countdown problem:
/// <c>{"numbers": [3, 25, 5, 4], "target": 83, "use_all": false, "solution": "(25-5)*4+3"}</c>. <c>use_all</c>
/// makes "exactly once" the rule instead of "at most once"; <c>solution</c> is the one the generator built.
/// </summary>
public sealed record CountdownReference(IReadOnlyList<int> Numbers, int Target, bool UseAll, string Solution);
