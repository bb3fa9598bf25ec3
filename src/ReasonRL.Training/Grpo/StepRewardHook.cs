using ReasonRL.Core.Rl;
using ReasonRL.Model.Tokenization;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// The step-reward hook of a grpo stage (<see cref="GrpoSetup.StepRewards"/>), by <c>process_rewards.source</c>: the
/// step checker's marks valued by the stage's scheme, or a process reward model's step probabilities; either refined
/// by the configured transform. A configured PRM that is not the source still reports its monitoring metrics.
/// </summary>
public static class StepRewardHook
{
    /// <returns>Null when nothing needs step rewards (outcome advantages and no PRM to monitor).</returns>
    public static Func<RolloutBatch, RewardScores, StepRewardBatch>? For(GrpoStage settings, TextTokenizer tokenizer, PrmStepRewards? prm)
    {
        var process = settings.ProcessRewards;
        if (prm is null && settings.Advantage == AdvantageKind.Outcome)
        {
            return null;
        }

        if (process.Source == ProcessRewardSource.Prm)
        {
            return prm is null ? throw new ArgumentException("process_rewards.source is prm but no process reward model was given", nameof(prm)) : prm.Of;
        }

        return (batch, scores) =>
        {
            var verified = VerifiedStepRewards.Of(batch, scores, tokenizer, process.Scheme);
            IReadOnlyList<IReadOnlyList<StepReward>> steps = [.. verified.Select(s => Refine(s, process.Transform, process.ClipEta))];
            return new StepRewardBatch(steps, prm?.Of(batch, scores).Metrics ?? new Dictionary<string, double>());
        };
    }

    /// <summary>One completion's step rewards with <see cref="StepRewardTransforms"/> applied, at the same tokens.</summary>
    public static IReadOnlyList<StepReward> Refine(IReadOnlyList<StepReward> steps, StepRewardTransform transform, double eta) =>
        transform == StepRewardTransform.None
            ? steps
            : [.. StepRewardTransforms.Apply([.. steps.Select(s => s.Reward)], transform, eta).Select((reward, j) => steps[j] with { Reward = reward })];
}
