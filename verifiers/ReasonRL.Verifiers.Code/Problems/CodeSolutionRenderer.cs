using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Problems;

/// <summary>
/// Reference completions of generated <c>code</c> problems in the R1 format, the program in a fenced Python block
/// inside the answer, written by the shared <see cref="WorkedSolution"/> so that self-correction reads as in every
/// other family:
/// <list type="bullet">
/// <item><c>direct</c>: empty thinking, then the program.</item>
/// <item><c>steps</c>: the plan, then each visible example worked out: <c>solve([3,1,2]) == [1,2,3]</c>.</item>
/// <item><c>steps_with_verification</c>: some examples are first worked out wrong, then corrected:
/// <c>solve([3,1,2]) == [1,3,2]</c> / <c>Wait, solve([3,1,2]) is [1,2,3], not [1,3,2].</c> / <c>solve([3,1,2]) == [1,2,3]</c>.</item>
/// </list>
/// With probability <see cref="SolutionOptions.SpecialCasingRate"/> the program special-cases the visible examples
/// instead (<see cref="SpecialCasedProgram"/>), in the same style: the base model's prior holds the hack, rarely.
/// </summary>
internal static class CodeSolutionRenderer
{
    /// <summary>Mixed into the seed for the special-casing draw, apart from the streams the worked solution uses.</summary>
    private const ulong SpecialCasingStream = 0x5CA5E;

    public static string Render(Problem problem, SolutionStyle style, SolutionOptions options, ulong seed)
    {
        var reference = CodeReference.Read(problem.Reference);
        var task = (reference.Task is { } name ? CodeTaskCatalog.Find(name) : null)
            ?? throw new InvalidOperationException($"problem {problem.Id} was not generated from the task catalog; it has no reference solution");
        var k = reference.Parameter ?? 0;
        var expected = new Dictionary<string, PlainValue>(StringComparer.Ordinal);
        var lines = new List<WorkedLine>();
        foreach (var test in reference.VisibleTests)
        {
            var call = $"solve({PythonLiteral.Arguments(test.Args)})";
            expected[call] = test.Expected;
            lines.Add(new WorkedLine(call, " == ", PythonLiteral.Format(test.Expected)));
        }

        var specialCased = new DeterministicRandom(SeedMixer.Mix(seed, SpecialCasingStream)).NextBool(options.SpecialCasingRate);
        var program = specialCased ? SpecialCasedProgram.Python(task.Signature, reference.VisibleTests) : task.Python(k);
        return WorkedSolution.Write(
            [specialCased ? SpecialCasedProgram.Plan : task.Plan(k)],
            lines,
            $"```python\n{program}\n```",
            style,
            options,
            seed,
            (line, random) => PythonLiteral.Format(ValueMistakes.Near(expected[line.Subject], random)));
    }
}
