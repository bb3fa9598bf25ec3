using ReasonRL.Core.Randomness;

namespace ReasonRL.Verifiers.Code.Problems;

/// <summary>
/// One kind of function to synthesise: how to describe it, how to draw arguments, how to compute the expected
/// value (a C# reference implementation, so that expected outputs never come from running Python), and the Python
/// solution the family renders for SFT corpora. A task may take an integer parameter <c>k</c> (e.g. "add k")
/// that varies between problems; tasks without one ignore it.
/// </summary>
internal sealed record CodeTask
{
    public required string Name { get; init; }

    /// <summary>1 (one built-in call) to 5 (a small algorithm).</summary>
    public required int Difficulty { get; init; }

    /// <summary>The parameter list of <c>solve</c>, e.g. <c>xs</c> or <c>xs, k</c>.</summary>
    public required string Signature { get; init; }

    /// <summary>The description after "Write solve(...) that ", given k.</summary>
    public required Func<int, string> Describe { get; init; }

    /// <summary>One or two sentences of plan for the worked-steps styles, given k.</summary>
    public required Func<int, string> Plan { get; init; }

    /// <summary>The body of <c>solve</c> in Python, unindented, lines separated by <c>\n</c>, given k.</summary>
    public required Func<int, string> Body { get; init; }

    /// <summary>Draws the arguments of one test, given k.</summary>
    public required Func<DeterministicRandom, int, object[]> Arguments { get; init; }

    /// <summary>The reference implementation: the expected return value for the arguments, given k. Must not mutate them.</summary>
    public required Func<object[], int, object> Solve { get; init; }

    /// <summary>Draws k; null when the task has no parameter.</summary>
    public Func<DeterministicRandom, int>? Parameter { get; init; }

    /// <summary>Arguments always among the hidden tests (an empty list, a single item, ...).</summary>
    public IReadOnlyList<object[]> EdgeCases { get; init; } = [];

    public string Python(int k)
    {
        var body = string.Join("\n", Body(k).Split('\n').Select(line => "    " + line));
        return $"def solve({Signature}):\n{body}";
    }
}
