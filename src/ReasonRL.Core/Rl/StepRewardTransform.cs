namespace ReasonRL.Core.Rl;

/// <summary>
/// A refinement applied to one completion's step rewards before they become advantages, against reward hacking of a
/// learned process reward model (YAML: <c>none</c> | <c>clip</c> | <c>delta</c>).
/// </summary>
public enum StepRewardTransform
{
    /// <summary>The step rewards as given.</summary>
    None,

    /// <summary>
    /// Gao et al., "On Designing Effective RL Reward at Training Time for LLM Reasoning" (arXiv 2410.15115, §4, the
    /// Clip mechanism): r̃ = min(r − η, 0). Every step reward is at most 0, so the return of a trajectory is
    /// bounded above and adding more steps can only lower it: repeating "good" steps no longer pays.
    /// </summary>
    Clip,

    /// <summary>
    /// Gao et al. (arXiv 2410.15115, §4, the Delta mechanism): r̃_k = r_k − r_{k+1} for every step but the last, and
    /// r̃_K = r_K, so the sum of the rewards from step k on telescopes to r_k: the return is the score of one step,
    /// never a count of high-scoring steps.
    /// </summary>
    Delta,
}

/// <summary>The refinements of <see cref="StepRewardTransform"/> as pure functions of one completion's step rewards.</summary>
public static class StepRewardTransforms
{
    /// <param name="rewards">The step rewards of one completion, in step order.</param>
    /// <param name="transform">Which refinement.</param>
    /// <param name="eta">η of the clip mechanism (ignored otherwise).</param>
    public static double[] Apply(IReadOnlyList<double> rewards, StepRewardTransform transform, double eta) => transform switch
    {
        StepRewardTransform.None => [.. rewards],
        StepRewardTransform.Clip => [.. rewards.Select(r => Math.Min(r - eta, 0.0))],
        StepRewardTransform.Delta => [.. rewards.Select((r, k) => k + 1 < rewards.Count ? r - rewards[k + 1] : r)],
        _ => throw new ArgumentOutOfRangeException(nameof(transform), transform, null),
    };
}
