using ReasonRL.Core.Rl;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// What a step-reward source gives for a rollout batch: per completion, its token-aligned step rewards, and metrics
/// to log beside the trainer's (e.g. a process reward model's scores against the true pass rate).
/// </summary>
public sealed record StepRewardBatch(IReadOnlyList<IReadOnlyList<StepReward>> Steps, IReadOnlyDictionary<string, double> Metrics)
{
    public static StepRewardBatch Of(IReadOnlyList<IReadOnlyList<StepReward>> steps) => new(steps, new Dictionary<string, double>());
}
