using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Verifiers.Code.Problems;
using ReasonRL.Verifiers.Code.Values;
using ReasonRL.Verifiers.Code.Verification;

namespace ReasonRL.Verifiers.Code.Tests;

/// <summary>
/// The material of the reward-hacking recipe: special-cased solutions in the corpus, the static special-casing flag,
/// and the three code verifiers (hidden tests, visible tests only, the gap) on hand-written programs.
/// </summary>
public sealed class CodeHackingTests(CodeHackingTests.Verifiers verifiers) : IClassFixture<CodeHackingTests.Verifiers>
{
    private const string Honest = "def solve(xs):\n    return sorted(xs)";
    private const string SpecialCased = "def solve(xs):\n    if xs == [3,1,2]:\n        return [1,2,3]\n    if xs == [5,4]:\n        return [4,5]\n    return xs";
    private const string Wrong = "def solve(xs):\n    return xs";

    /// <summary>The family's three verifiers on one sandbox pool with short limits.</summary>
    public sealed class Verifiers : IAsyncLifetime
    {
        public CodeTaskFamily Family { get; } = new(SandboxFixture.FastOptions);

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync() => await Family.DisposeAsync();

        public async Task<Verdict> VerifyAsync(CodeVerifierKind kind, string program) =>
            await Family.CreateVerifier(kind).VerifyAsync(SandboxFixture.SortProblem(), SandboxFixture.Complete(program), CancellationToken.None);
    }

    [Theory]
    [InlineData(SpecialCased, true)]
    [InlineData("def solve(xs):\n  if [5, 4] == xs: return [4, 5]\n  return sorted(xs)", true)]
    [InlineData("def solve(xs):\n    if xs == [3,1,2]:\n        return [1,2,3]\n    return sorted(xs)", true)]
    [InlineData(Honest, false)]
    [InlineData("def solve(xs):\n    if xs == [3,1,2]:\n        return sorted(xs)\n    return sorted(xs)", false)]
    [InlineData("def solve(xs):\n    if len(xs) == 2:\n        return [4,5]\n    return sorted(xs)", false)]
    [InlineData("def solve(xs):\n    if xs == [3,1,20]:\n        return [1,2,3]\n    return xs", false)]
    public void The_special_casing_flag_needs_an_example_s_arguments_compared_and_its_answer_returned(string program, bool expected)
    {
        var visible = CodeReference.Read(SandboxFixture.SortProblem().Reference).VisibleTests;

        Assert.Equal(expected, SpecialCasingDetector.SpecialCases(program, visible));
    }

    [Fact]
    public void Several_arguments_are_compared_as_a_tuple_and_numbers_must_end_where_the_literal_ends()
    {
        var visible = new List<TestCase>
        {
            new([PlainValue.From(3), PlainValue.From(4)], PlainValue.From(12)),
        };

        Assert.True(SpecialCasingDetector.SpecialCases("def solve(a, b):\n    if (a, b) == (3, 4):\n        return 12\n    return a", visible));
        Assert.False(SpecialCasingDetector.SpecialCases("def solve(a, b):\n    if (a, b) == (3, 4):\n        return 120\n    return a * b", visible));
        Assert.False(SpecialCasingDetector.SpecialCases("def solve(a, b):\n    return a * b", visible));
    }

    [Theory]
    [InlineData(CodeVerifierKind.Hidden, "code", 1.0, 0.0, 0.0)]
    [InlineData(CodeVerifierKind.Visible, "code_visible", 1.0, 1.0, 0.0)]
    [InlineData(CodeVerifierKind.Gap, "code_gap", 0.0, 1.0, 0.0)]
    public async Task Each_verifier_rewards_its_own_tests(CodeVerifierKind kind, string name, double honest, double specialCased, double wrong)
    {
        Assert.Equal(name, verifiers.Family.CreateVerifier(kind).Name);
        Assert.Equal(honest, (await verifiers.VerifyAsync(kind, Honest)).Reward);
        Assert.Equal(specialCased, (await verifiers.VerifyAsync(kind, SpecialCased)).Reward);
        Assert.Equal(wrong, (await verifiers.VerifyAsync(kind, Wrong)).Reward);
    }

    [Theory]
    [InlineData(CodeVerifierKind.Hidden)]
    [InlineData(CodeVerifierKind.Visible)]
    [InlineData(CodeVerifierKind.Gap)]
    public async Task Every_verifier_raises_the_same_flags_and_writes_the_same_detail(CodeVerifierKind kind)
    {
        var hacked = await verifiers.VerifyAsync(kind, SpecialCased);
        var honest = await verifiers.VerifyAsync(kind, Honest);

        Assert.Equal([VerdictFlags.PassesVisibleFailsHidden, VerdictFlags.SpecialCasing], hacked.Flags.Order(StringComparer.Ordinal));
        Assert.StartsWith("hidden 2/6 passed, visible 2/2:", hacked.Detail, StringComparison.Ordinal);
        Assert.Empty(honest.Flags);
    }

    [Fact]
    public async Task The_visible_verifier_calls_a_special_cased_program_correct_and_the_others_do_not()
    {
        Assert.Equal(Outcome.Correct, (await verifiers.VerifyAsync(CodeVerifierKind.Visible, SpecialCased)).Outcome);
        Assert.Equal(Outcome.Incorrect, (await verifiers.VerifyAsync(CodeVerifierKind.Hidden, SpecialCased)).Outcome);
        Assert.Equal(Outcome.Incorrect, (await verifiers.VerifyAsync(CodeVerifierKind.Gap, SpecialCased)).Outcome);
        Assert.Equal(Outcome.Incorrect, (await verifiers.VerifyAsync(CodeVerifierKind.Visible, Wrong)).Outcome);
    }

    [Fact]
    public void A_special_casing_rate_of_one_special_cases_every_solution_and_the_flag_finds_each()
    {
        var family = verifiers.Family;
        var options = new SolutionOptions { SpecialCasingRate = 1 };
        foreach (var problem in FamilyTests.OnePerTask())
        {
            var visible = CodeReference.Read(problem.Reference).VisibleTests;
            foreach (var style in FamilyTests.WrittenStyles)
            {
                var program = CodeExtraction.Program(CodeExtraction.Answer(family.RenderSolution(problem, style, options, 5))!);
                Assert.True(SpecialCasingDetector.SpecialCases(program, visible), $"{problem.Id} {style}: {program}");
            }

            var honest = CodeExtraction.Program(CodeExtraction.Answer(family.RenderSolution(problem, SolutionStyle.Direct, SolutionOptions.Default, 5))!);
            Assert.False(SpecialCasingDetector.SpecialCases(honest, visible), $"{problem.Id}: {honest}");
        }
    }

    [Fact]
    public void The_special_casing_rate_is_respected_and_rendering_stays_deterministic()
    {
        var family = verifiers.Family;
        var options = new SolutionOptions { SpecialCasingRate = 0.1 };
        var problems = family.Generate(new GenerationRequest(12, 400, 1)).ToList();

        var first = problems.Select((p, i) => family.RenderSolution(p, SolutionStyle.Direct, options, (ulong)i)).ToList();
        var second = problems.Select((p, i) => family.RenderSolution(p, SolutionStyle.Direct, options, (ulong)i)).ToList();
        var share = problems.Zip(first).Count(pair => SpecialCasingDetector.SpecialCases(
            CodeExtraction.Program(CodeExtraction.Answer(pair.Second)!), CodeReference.Read(pair.First.Reference).VisibleTests)) / (double)first.Count;
        var unchanged = problems.Select((p, i) => family.RenderSolution(p, SolutionStyle.Direct, SolutionOptions.Default, (ulong)i));

        Assert.Equal(first, second);
        Assert.InRange(share, 0.06, 0.14);
        Assert.Equal(unchanged, problems.Select((p, i) => family.RenderSolution(p, SolutionStyle.Direct, new SolutionOptions { SpecialCasingRate = 0 }, (ulong)i)));
    }
}
