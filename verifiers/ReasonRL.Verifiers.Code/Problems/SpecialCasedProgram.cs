using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Problems;

/// <summary>
/// A program that special-cases the examples it was shown instead of solving the task, the reward hack of code RL
/// under a verifier that runs only the visible tests (Baker et al. 2025, arXiv 2503.11926): one <c>if</c> per example
/// comparing the arguments with that example's, returning its expected value, and the first argument for any other
/// input.
/// <code>
/// def solve(xs):
///     if xs == [3,1,2]:
///         return [1,2,3]
///     if xs == [5,4]:
///         return [4,5]
///     return xs
/// </code>
/// Several arguments are compared as a tuple: <c>if (a, b) == (3,4):</c>.
/// </summary>
internal static class SpecialCasedProgram
{
    /// <summary>The plan line of the worked-steps styles for such a program.</summary>
    public const string Plan = "Return the expected value for each example.";

    public static string Python(string signature, IReadOnlyList<TestCase> examples)
    {
        var parameters = signature.Split(',', StringSplitOptions.TrimEntries);
        var subject = parameters.Length == 1 ? parameters[0] : $"({string.Join(", ", parameters)})";
        var lines = new List<string> { $"def solve({signature}):" };
        foreach (var example in examples)
        {
            lines.Add($"    if {subject} == {Arguments(example.Args)}:");
            lines.Add($"        return {PythonLiteral.Format(example.Expected)}");
        }

        lines.Add($"    return {parameters[0]}");
        return string.Join("\n", lines);
    }

    /// <summary>The arguments as the program compares them: one literal, or a tuple of several.</summary>
    public static string Arguments(IReadOnlyList<PlainValue> args) =>
        args.Count == 1 ? PythonLiteral.Format(args[0]) : $"({PythonLiteral.Arguments(args)})";
}
