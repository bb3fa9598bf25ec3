using ReasonRL.Core;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Verifiers.Code.Problems;
using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Tests;

public sealed class FamilyTests : IDisposable
{
    private readonly CodeTaskFamily _family = new();

    public void Dispose() => _family.Dispose();

    [Fact]
    public void The_same_request_gives_the_same_problems()
    {
        var first = _family.Generate(new GenerationRequest(7, 40)).Select(Jsonl).ToList();
        var second = _family.Generate(new GenerationRequest(7, 40)).Select(Jsonl).ToList();
        var other = _family.Generate(new GenerationRequest(8, 40)).Select(Jsonl).ToList();

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Train_and_test_problems_never_share_a_prompt()
    {
        var train = _family.Generate(new GenerationRequest(1, 300, Split: Split.Train)).ToList();
        var test = _family.Generate(new GenerationRequest(2, 100, Split: Split.Test)).ToList();

        Assert.All(train, p => Assert.Equal(Split.Train, p.Split));
        Assert.All(test, p => Assert.Equal(Split.Test, p.Split));
        Assert.All(test, p => Assert.Equal(Split.Test, SplitAssignment.Of(p.Prompt)));
        Assert.Empty(train.Select(p => p.Prompt).Intersect(test.Select(p => p.Prompt)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Every_difficulty_gives_problems_of_that_difficulty_with_distinct_visible_and_hidden_inputs(int difficulty)
    {
        var problems = _family.Generate(new GenerationRequest(3, 30, difficulty)).ToList();

        Assert.Equal(30, problems.Count);
        foreach (var problem in problems)
        {
            Assert.Equal(difficulty, problem.Difficulty);
            var reference = CodeReference.Read(problem.Reference);
            Assert.Equal("solve", reference.EntryPoint);
            Assert.Equal(2, reference.VisibleTests.Count);
            Assert.InRange(reference.HiddenTests.Count, 3, 6);
            var inputs = reference.VisibleTests.Concat(reference.HiddenTests).Select(t => PythonLiteral.Arguments(t.Args)).ToList();
            Assert.Equal(inputs.Count, inputs.Distinct().Count());
            Assert.All(reference.VisibleTests, t => Assert.Contains($"solve({PythonLiteral.Arguments(t.Args)}) == {PythonLiteral.Format(t.Expected)}", problem.Prompt, StringComparison.Ordinal));
            Assert.StartsWith("Write solve(", problem.Prompt, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_difficulty_outside_the_levels_is_a_user_error_listing_them()
    {
        var error = Assert.Throws<InputException>(() => _family.Generate(new GenerationRequest(1, 1, 9)).ToList());
        Assert.Contains("1, 2, 3, 4, 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prompts_and_every_style_of_solution_stay_within_the_alphabet_and_the_format()
    {
        var alphabet = _family.Alphabet.ToHashSet();
        foreach (var problem in _family.Generate(new GenerationRequest(4, 60)))
        {
            Assert.All(problem.Prompt, c => Assert.Contains(c, alphabet));
            foreach (var style in WrittenStyles)
            {
                var completion = _family.RenderSolution(problem, style, SolutionOptions.Default, 11);
                Assert.All(completion, c => Assert.Contains(c, alphabet));
                var answer = Verification.CodeExtraction.Answer(completion);
                Assert.NotNull(answer);
                Assert.StartsWith("```python\ndef solve(", answer, StringComparison.Ordinal);
                Assert.Equal(style == SolutionStyle.StepsWithVerification, completion.Contains("Wait,", StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void Rendering_is_deterministic_given_the_seed()
    {
        var problem = _family.Generate(new GenerationRequest(5, 1, 3)).Single();
        var options = new SolutionOptions { MistakeRate = 0.5 };

        Assert.Equal(
            _family.RenderSolution(problem, SolutionStyle.StepsWithVerification, options, 21),
            _family.RenderSolution(problem, SolutionStyle.StepsWithVerification, options, 21));
    }

    [Fact]
    public void The_catalog_has_several_tasks_at_every_level()
    {
        Assert.Equal([1, 2, 3, 4, 5], _family.Difficulties);
        Assert.All(_family.Difficulties, d => Assert.True(CodeTaskCatalog.AtDifficulty(d).Count >= 8));
        Assert.Equal(CodeTaskCatalog.All.Count, CodeTaskCatalog.All.Select(t => t.Name).Distinct().Count());
    }

    /// <summary>The styles the code family writes: every one but answer_then_check (a program has no plausible wrong "first answer").</summary>
    public static SolutionStyle[] WrittenStyles { get; } = [.. Enum.GetValues<SolutionStyle>().Where(s => s != SolutionStyle.AnswerThenCheck)];

    [Fact]
    public void Answer_then_check_is_not_written()
    {
        Assert.Equal(WrittenStyles, Enum.GetValues<SolutionStyle>().Where(((ITaskFamily)_family).Writes));
        Assert.Throws<InvalidOperationException>(() => _family.RenderSolution(OnePerTask()[0], SolutionStyle.AnswerThenCheck, SolutionOptions.Default, 1));
    }

    /// <summary>One problem of every catalog task, built with a fixed seed.</summary>
    public static IReadOnlyList<Problem> OnePerTask()
    {
        var random = new DeterministicRandom(99);
        return [.. CodeTaskCatalog.All.Select((task, i) =>
            (CodeProblemGenerator.Build(task, random) ?? throw new InvalidOperationException($"task {task.Name} made no problem")) with { Id = $"code-task-{i:D3}" })];
    }

    private static string Jsonl(Problem problem) => Core.Json.Jsonl.Line(problem);
}
