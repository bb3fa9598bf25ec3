using ReasonRL.Training.Grpo;

namespace ReasonRL.Training.Rollout;

/// <summary>
/// Where rollout units run: in the trainer's process (<see cref="LocalRolloutWorkers"/>) or on cluster workers. Results
/// come back in unit order, whatever order the units finished in, so the step's batch does not depend on the workers.
/// </summary>
public interface IRolloutWorkers : IAsyncDisposable
{
    /// <summary>
    /// Computes every unit (all of the version of <paramref name="policy"/>) and returns the results in
    /// <see cref="RolloutUnit.Index"/> order; the time spent goes into <paramref name="timer"/>'s sampling and verifying phases.
    /// </summary>
    /// <param name="policy">The weights of the units' policy version: sampled in process, or published for the workers.</param>
    Task<IReadOnlyList<RolloutUnitResult>> RunAsync(IReadOnlyList<RolloutUnit> units, SamplingPolicy policy, StepTimer timer, CancellationToken cancellationToken);

    /// <summary>What the units run since the last call cost (units, workers, bytes, weight publication), then starts afresh.</summary>
    RolloutStatistics TakeStatistics();
}
