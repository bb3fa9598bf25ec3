using ReasonRL.Core.Records;
using ReasonRL.Core.Verification;

namespace ReasonRL.Core.Tests.Verification;

public class RewardComposerTests
{
    private static readonly Problem Problem = new() { Id = "x", Family = "f", Prompt = "p", Reference = default };

    private sealed class Fixed(string name, Verdict verdict) : IVerifier
    {
        public string Name => name;

        public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken) => ValueTask.FromResult(verdict);
    }

    /// <summary>Fails the way a parser fails on text it did not foresee; honours cancellation first.</summary>
    private sealed class Throwing : IVerifier
    {
        public string Name => "throwing";

        public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException("Cannot read invalid UTF-16 JSON text as string.");
        }
    }

    [Theory]
    [InlineData(1.0, 1.0, 1.1, Outcome.Correct)]
    [InlineData(0.0, 1.0, 0.1, Outcome.Incorrect)]
    [InlineData(1.0, 0.0, 1.0, Outcome.Correct)]
    [InlineData(0.0, 0.0, 0.0, Outcome.Incorrect)]
    public async Task Correctness_plus_a_tenth_of_format(double correctness, double format, double total, Outcome outcome)
    {
        var composer = new RewardComposer(
        [
            new(new Fixed("correctness", new Verdict(correctness, correctness > 0 ? Outcome.Correct : Outcome.Incorrect, ["a"], [new StepMark(3, true)], "c")), 1.0),
            new(new Fixed("format", new Verdict(format, format > 0 ? Outcome.Correct : Outcome.BadFormat, ["a", "b"])), 0.1),
        ]);

        var composed = await composer.ScoreAsync(Problem, "text", CancellationToken.None);

        Assert.Equal(total, composed.Verdict.Reward, 12);
        Assert.Equal(outcome, composed.Verdict.Outcome);
        Assert.Equal("c", composed.Verdict.Detail);
        Assert.Equal([new StepMark(3, true)], composed.Verdict.Steps!);
        Assert.Equal(["a", "b"], composed.Verdict.Flags);
        Assert.Equal(new Dictionary<string, double> { ["correctness"] = correctness, ["format"] = format }, composed.Rewards);
    }

    [Fact]
    public void An_error_in_any_component_makes_the_whole_reward_an_error()
    {
        RewardComponent[] components = [new(new Fixed("correctness", Verdict.Correct()), 1.0), new(new Fixed("external", Verdict.Error("crashed")), 0.5)];

        var composed = RewardComposer.Compose(components, [Verdict.Correct(), Verdict.Error("crashed")]);

        Assert.Equal((Outcome.Error, 0.0, "external: crashed"), (composed.Verdict.Outcome, composed.Verdict.Reward, composed.Verdict.Detail));
        Assert.Equal(1.0, composed.Rewards["correctness"]);
    }

    [Fact]
    public async Task A_verifier_that_throws_gives_that_completion_a_flagged_error_and_the_run_goes_on()
    {
        var composer = new RewardComposer([new(new Fixed("format", Verdict.Correct()), 0.1), new(new Throwing(), 1.0)]);

        var composed = await composer.ScoreAsync(Problem, "text", CancellationToken.None);

        Assert.Equal((Outcome.Error, 0.0), (composed.Verdict.Outcome, composed.Verdict.Reward));
        Assert.Equal([VerdictFlags.VerifierFailure], composed.Verdict.Flags);
        Assert.Equal("throwing: the verifier failed: InvalidOperationException: Cannot read invalid UTF-16 JSON text as string.", composed.Verdict.Detail);
    }

    [Fact]
    public async Task Cancellation_still_cancels()
    {
        var composer = new RewardComposer([new(new Throwing(), 1.0)]);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => composer.ScoreAsync(Problem, "text", cancelled.Token).AsTask());
    }

    [Fact]
    public void A_verifier_cannot_appear_twice_and_weights_must_be_finite()
    {
        var format = new FormatVerifier();

        Assert.Throws<ArgumentException>(() => new RewardComposer([new(format, 1), new(format, 2)]));
        Assert.Throws<ArgumentException>(() => new RewardComposer([new(format, double.NaN)]));
        Assert.Throws<ArgumentException>(() => new RewardComposer([]));
    }
}
