using System.Collections.Concurrent;
using System.Text.Json;
using ReasonRL.Core.Prm;
using ReasonRL.Core.Records;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;

namespace ReasonRL.Core.Tests.Prm;

public class MonteCarloLabellerTests
{
    private static readonly Problem Problem = new()
    {
        Id = "p-1",
        Family = "toy",
        Prompt = "toy",
        Reference = JsonDocument.Parse("""{"answer": "5"}""").RootElement,
    };

    /// <summary>Correct when the last answer tag holds the reference answer.</summary>
    private sealed class AnswerVerifier : IVerifier
    {
        public string Name => "toy";

        public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken) =>
            ValueTask.FromResult(R1Completion.ExtractAnswer(completion) == problem.Reference.GetProperty("answer").GetString() ? Verdict.Correct() : Verdict.Incorrect());
    }

    /// <summary>Finishes a prefix with the right answer for samples below <c>succeed(prefix)</c>, else with a wrong one.</summary>
    private sealed class ScriptedCompleter(Func<string, int> succeed) : IStepCompleter
    {
        public ConcurrentBag<ContinuationRequest> Seen { get; } = [];

        public Task<IReadOnlyList<string>> CompleteAsync(IReadOnlyList<ContinuationRequest> requests, CancellationToken cancellationToken)
        {
            foreach (var request in requests)
            {
                Seen.Add(request);
            }

            return Task.FromResult<IReadOnlyList<string>>(
                [.. requests.Select(r => r.Sample < succeed(r.Prefix) ? "</think> <answer>5</answer>" : "</think> <answer>4</answer>")]);
        }
    }

    private static StepSolution Solution(string thinking, string answer)
    {
        var completion = R1Template.Completion(thinking, answer);
        return new StepSolution(Problem, completion, ThinkingLines.Ends(completion));
    }

    [Fact]
    public async Task A_completer_that_fails_after_a_bad_step_gives_hard_labels_that_drop_at_the_first_error()
    {
        // Continuations succeed (all of them) exactly when the prefix holds no "bad" line.
        var completer = new ScriptedCompleter(prefix => prefix.Contains("bad", StringComparison.Ordinal) ? 0 : int.MaxValue);
        var solution = Solution("good\nbad\ngood", "5");

        var labels = await new MonteCarloLabeller(completer, new AnswerVerifier()).LabelAsync([solution], continuations: 4, seed: 1, CancellationToken.None);

        // Three line steps, then the answer, labelled by the solution's own verdict (5 is right).
        Assert.Equal([1.0, 0.0, 0.0, 1.0], labels[0].Hard);
        Assert.Equal([1.0, 0.0, 0.0, 1.0], labels[0].Soft);
        Assert.True(labels[0].AnswerCorrect);
    }

    [Fact]
    public async Task Soft_labels_are_the_fraction_of_continuations_that_reach_the_answer()
    {
        // With N = 4 continuations, the prefix of step j (j = 1, 2, 3 lines) succeeds in j − 1 of them: 0/4, 1/4, 2/4.
        var completer = new ScriptedCompleter(prefix => prefix.Count(c => c == '\n'));
        var solution = Solution("a\nb\nc", "4");

        var labels = await new MonteCarloLabeller(completer, new AnswerVerifier()).LabelAsync([solution], continuations: 4, seed: 1, CancellationToken.None);

        Assert.Equal([0.0, 0.25, 0.5, 0.0], labels[0].Soft);
        Assert.Equal([0.0, 1.0, 1.0, 0.0], labels[0].Hard);
        Assert.False(labels[0].AnswerCorrect);
    }

    [Fact]
    public async Task Each_step_prefix_is_continued_n_times_with_its_own_seed()
    {
        var completer = new ScriptedCompleter(_ => 0);
        var solution = Solution("x\ny", "5");

        await new MonteCarloLabeller(completer, new AnswerVerifier()).LabelAsync([solution, solution], continuations: 3, seed: 7, CancellationToken.None);

        var seen = completer.Seen.ToList();
        Assert.Equal(2 * 2 * 3, seen.Count);
        Assert.Equal(seen.Count, seen.Select(r => r.Seed).Distinct().Count());
        Assert.Equal(
            solution.StepEnds.Select(end => solution.Completion[..end]).Order(StringComparer.Ordinal),
            seen.Select(r => r.Prefix).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(new[] { false, false }, 0.0, 0.0)]
    [InlineData(new[] { false, true, false, true }, 1.0, 0.5)]
    [InlineData(new[] { true, true, true }, 1.0, 1.0)]
    public void Hard_is_any_and_soft_is_the_fraction(bool[] reached, double hard, double soft) =>
        Assert.Equal((hard, soft), MonteCarloLabeller.Estimate(reached));
}
