using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Problems;

/// <summary>
/// Reference completions of generated <c>code</c> problems in the R1 format, the program in a fenced Python block
/// inside the answer:
/// <list type="bullet">
/// <item><c>direct</c>: empty thinking, then the program.</item>
/// <item><c>steps</c>: the plan, then a check of each visible example ("Check solve([3,1,2]) == [1,2,3].").</item>
/// <item><c>steps_with_verification</c>: some checks first state a plausible wrong value and correct it
/// ("Check solve([3,1,2]) == [1,3,2]. Wait, it is [1,2,3], not [1,3,2]."); at least one always does.</item>
/// </list>
/// </summary>
internal static class CodeSolutionRenderer
{
    public static string Render(Problem problem, SolutionStyle style, SolutionOptions options, ulong seed)
    {
        var reference = CodeReference.Read(problem.Reference);
        var task = (reference.Task is { } name ? CodeTaskCatalog.Find(name) : null)
            ?? throw new InvalidOperationException($"problem {problem.Id} was not generated from the task catalog; it has no reference solution");
        var k = reference.Parameter ?? 0;
        var answer = $"```python\n{task.Python(k)}\n```";
        if (style == SolutionStyle.Direct)
        {
            return R1Template.Completion("", answer);
        }

        var random = new DeterministicRandom(SeedMixer.Mix(seed, problem.Id));
        var lines = new List<string> { task.Plan(k) };
        var corrected = false;
        for (var i = 0; i < reference.VisibleTests.Count; i++)
        {
            var test = reference.VisibleTests[i];
            var call = $"solve({PythonLiteral.Arguments(test.Args)})";
            var expected = PythonLiteral.Format(test.Expected);
            var last = i == reference.VisibleTests.Count - 1;
            if (style == SolutionStyle.StepsWithVerification && (random.NextBool(options.MistakeRate) || (last && !corrected)))
            {
                var wrong = PythonLiteral.Format(ValueMistakes.Near(test.Expected, random));
                lines.Add($"Check {call} == {wrong}. Wait, it is {expected}, not {wrong}.");
                corrected = true;
            }
            else
            {
                lines.Add($"Check {call} == {expected}.");
            }
        }

        return R1Template.Completion(string.Join("\n", lines), answer);
    }
}
