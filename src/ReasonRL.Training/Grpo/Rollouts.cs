using ReasonRL.Training.Rollout;

namespace ReasonRL.Training.Grpo;

/// <summary>Completions with the verifiers' scores, group by group.</summary>
public sealed record ScoredRollouts(RolloutBatch Batch, RewardScores Scores);

/// <summary>
/// One step's rollouts: every group sampled (<see cref="Sampled"/>, what the step's metrics describe: the policy's
/// real pass rate) and the groups trained on (<see cref="Trained"/>: all of them, or with dynamic sampling the
/// informative ones plus, on the last refill round, whatever fills the batch).
/// </summary>
/// <param name="SampledTokens">Completion tokens sampled, dropped groups included: the sampling compute spent.</param>
/// <param name="Filtered">Whether dynamic sampling chose the trained groups (then they are logged apart, as <c>kept/…</c>).</param>
public sealed record Rollouts(ScoredRollouts Trained, ScoredRollouts Sampled, int DroppedGroups, long SampledTokens, bool Filtered)
{
    /// <summary>Where the rollout units ran and what moving them cost.</summary>
    public RolloutStatistics Work { get; init; } = RolloutStatistics.None;
}
