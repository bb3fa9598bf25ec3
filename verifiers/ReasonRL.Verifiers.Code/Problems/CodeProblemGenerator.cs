using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Problems;

/// <summary>
/// Generates <c>code</c> problems: a catalog task (by difficulty), its parameter, two visible examples that go in
/// the prompt and up to six hidden tests (the task's edge cases first, then random inputs), all with distinct
/// inputs, so that a program that special-cases the examples fails the hidden tests. The prompt, e.g.
/// <c>Write solve(xs) that returns the list sorted ascending. solve([3,1,2]) == [1,2,3]; solve([5,4]) == [4,5]</c>,
/// is also the key of the train/test split.
/// </summary>
internal static class CodeProblemGenerator
{
    public const int VisibleTests = 2;
    public const int HiddenTests = 6;
    private const int MinHiddenTests = 3;
    private const int DrawsPerTest = 40;

    /// <summary>Problems through the shared generation loop (<see cref="ProblemDrawer"/>): split by prompt, repeats avoided.</summary>
    public static IEnumerable<Problem> Generate(GenerationRequest request) =>
        ProblemDrawer.Draw(CodeVerifier.FamilyName, request, CodeTaskCatalog.Difficulties, (level, random) =>
            Build(random.Pick(CodeTaskCatalog.AtDifficulty(level)), random) is { } problem
                ? new ProblemCandidate(problem.Prompt, problem.Prompt, problem.Reference, problem.Difficulty)
                : null);

    /// <summary>One candidate problem of <paramref name="task"/>, or null when its inputs are too few to make distinct tests.</summary>
    internal static Problem? Build(CodeTask task, DeterministicRandom random)
    {
        var k = task.Parameter?.Invoke(random) ?? 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var visible = new List<TestCase>();
        for (var draw = 0; draw < DrawsPerTest && visible.Count < VisibleTests; draw++)
        {
            var test = MakeTest(task, task.Arguments(random, k), k);
            if (IsInformative(test) && seen.Add(PythonLiteral.Arguments(test.Args)))
            {
                visible.Add(test);
            }
        }

        var hidden = new List<TestCase>();
        foreach (var edge in task.EdgeCases)
        {
            var test = MakeTest(task, edge, k);
            if (hidden.Count < HiddenTests && seen.Add(PythonLiteral.Arguments(test.Args)))
            {
                hidden.Add(test);
            }
        }

        for (var draw = 0; draw < DrawsPerTest && hidden.Count < HiddenTests; draw++)
        {
            var test = MakeTest(task, task.Arguments(random, k), k);
            if (seen.Add(PythonLiteral.Arguments(test.Args)))
            {
                hidden.Add(test);
            }
        }

        if (visible.Count < VisibleTests || hidden.Count < MinHiddenTests)
        {
            return null;
        }

        var examples = string.Join("; ", visible.Select(t => $"solve({PythonLiteral.Arguments(t.Args)}) == {PythonLiteral.Format(t.Expected)}"));
        var reference = new CodeReference(CodeReference.DefaultEntryPoint, visible, hidden, task.Name, task.Parameter is null ? null : k);
        return new Problem
        {
            Id = "",
            Family = CodeVerifier.FamilyName,
            Prompt = $"Write solve({task.Signature}) that {task.Describe(k)}. {examples}",
            Reference = reference.ToJson(),
            Difficulty = task.Difficulty,
        };
    }

    /// <summary>The arguments are converted before the reference implementation sees them, so nothing it does can change a test.</summary>
    private static TestCase MakeTest(CodeTask task, object[] args, int k)
    {
        IReadOnlyList<PlainValue> plainArgs = [.. args.Select(PlainValue.From)];
        return new TestCase(plainArgs, PlainValue.From(task.Solve(args, k)));
    }

    /// <summary>An example whose answer is its own argument (sorting a sorted list) teaches nothing; keep it hidden.</summary>
    private static bool IsInformative(TestCase test) =>
        test.Args.Count != 1 || PythonLiteral.Format(test.Args[0]) != PythonLiteral.Format(test.Expected);
}
