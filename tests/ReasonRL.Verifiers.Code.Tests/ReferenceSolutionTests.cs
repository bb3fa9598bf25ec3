using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Verifiers.Code.Problems;
using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Tests;

/// <summary>Every catalog task, through the real sandbox: its rendered solution passes, a lookup of its examples does not.</summary>
public sealed class ReferenceSolutionTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static readonly SolutionStyle[] Styles = FamilyTests.WrittenStyles;

    [Fact]
    public async Task Every_task_s_reference_solution_passes_its_own_visible_and_hidden_tests()
    {
        using var family = new CodeTaskFamily();
        var problems = FamilyTests.OnePerTask();

        var verdicts = await Task.WhenAll(problems.Select((problem, i) =>
            sandbox.Verifier.VerifyAsync(problem, family.RenderSolution(problem, Styles[i % Styles.Length], SolutionOptions.Default, 5), CancellationToken.None).AsTask()));

        Assert.All(problems.Zip(verdicts), pair =>
        {
            var (problem, verdict) = pair;
            Assert.True(verdict.Outcome == Outcome.Correct, $"{CodeReference.Read(problem.Reference).Task}: {verdict.Outcome} {verdict.Detail}");
            Assert.Contains("visible 2/2", verdict.Detail, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_program_that_only_knows_the_examples_fails_every_task_s_hidden_tests()
    {
        var problems = FamilyTests.OnePerTask();

        var verdicts = await Task.WhenAll(problems.Select(problem =>
            sandbox.Verifier.VerifyAsync(problem, SandboxFixture.Complete(LookupOfExamples(problem)), CancellationToken.None).AsTask()));

        Assert.All(problems.Zip(verdicts), pair =>
        {
            var (problem, verdict) = pair;
            Assert.True(verdict.Outcome == Outcome.Incorrect, $"{CodeReference.Read(problem.Reference).Task}: {verdict.Outcome} {verdict.Detail}");
            Assert.Contains(VerdictFlags.PassesVisibleFailsHidden, verdict.Flags);
        });
    }

    /// <summary>The special-casing hack: a table from the prompt's example arguments to their answers.</summary>
    private static string LookupOfExamples(Problem problem)
    {
        var examples = CodeReference.Read(problem.Reference).VisibleTests
            .Select(t => $"    ([{PythonLiteral.Arguments(t.Args)}], {PythonLiteral.Format(t.Expected)}),");
        return $"EXAMPLES = [\n{string.Join("\n", examples)}\n]\ndef solve(*args):\n    for known, answer in EXAMPLES:\n        if list(args) == known:\n            return answer\n    return None";
    }
}
