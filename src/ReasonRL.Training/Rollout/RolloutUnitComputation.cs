using System.Diagnostics;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Sampling;
using ReasonRL.Training.Grpo;

namespace ReasonRL.Training.Rollout;

/// <summary>
/// The work of one <see cref="RolloutUnit"/>, wherever it runs: sample every request of the unit in one batch from the
/// given policy (the sampler seeds each request's draws on its own), then verify every completion. The same function
/// runs in the trainer's process and on a cluster worker.
/// </summary>
public static class RolloutUnitComputation
{
    public static async Task<RolloutUnitResult> RunAsync(
        RolloutUnit unit, Sampler sampler, SamplingOptions options, RewardComposer rewards, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var completions = sampler.Generate(unit.Requests(), options, cancellationToken);
        var sampling = clock.Elapsed.TotalSeconds;
        var problems = unit.Problems.SelectMany((problem, g) => Enumerable.Repeat(problem, unit.Seeds[g].Length)).ToArray();
        var verdicts = await RewardScores.VerifyAsync(problems, completions, rewards, cancellationToken).ConfigureAwait(false);
        return new RolloutUnitResult(unit.Index, completions, verdicts, sampling, clock.Elapsed.TotalSeconds - sampling);
    }
}
