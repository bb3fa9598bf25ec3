using System.Diagnostics;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Tokenization;
using ReasonRL.Training.Grpo;

namespace ReasonRL.Training.Rollout;

/// <summary>
/// Rollout units run in the trainer's process, one after another, on the model of the version the units name (the
/// policy being trained, or with <c>max_staleness</c> a snapshot of an older version). With one partition this is
/// exactly the single batch of sampling and verification the trainer has always done.
/// </summary>
public sealed class LocalRolloutWorkers(TextTokenizer tokenizer, SamplingOptions options, RewardComposer rewards) : IRolloutWorkers
{
    /// <summary>The name the in-process worker has in the <c>rollout/worker/…</c> metrics.</summary>
    public const string WorkerName = "local";

    private readonly RolloutStatisticsBuilder _statistics = new();

    /// <summary>In-process workers sampling a GRPO run's policy with its sampling settings and scoring with its verifiers.</summary>
    public static LocalRolloutWorkers For(GrpoSetup setup) =>
        new(setup.Tokenizer, setup.Settings.Sampling.ToOptions(), setup.Rewards);

    public async Task<IReadOnlyList<RolloutUnitResult>> RunAsync(IReadOnlyList<RolloutUnit> units, SamplingPolicy policy, StepTimer timer, CancellationToken cancellationToken)
    {
        var sampler = new Sampler(policy.Model, tokenizer);
        var results = new RolloutUnitResult[units.Count];
        foreach (var unit in units)
        {
            var clock = Stopwatch.StartNew();
            var result = await RolloutUnitComputation.RunAsync(unit, sampler, options, rewards, cancellationToken).ConfigureAwait(false);
            timer.Add(StepPhase.Sampling, result.SamplingSeconds);
            timer.Add(StepPhase.Verifying, result.VerifyingSeconds);
            _statistics.Finished(WorkerName, unit, result, clock.Elapsed.TotalSeconds, bytesSent: 0, bytesReceived: 0);
            results[unit.Index] = result;
        }

        return results;
    }

    public RolloutStatistics TakeStatistics() => _statistics.Take();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
