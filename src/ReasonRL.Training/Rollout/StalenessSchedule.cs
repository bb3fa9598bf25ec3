namespace ReasonRL.Training.Rollout;

/// <summary>
/// Which policy version samples which step under <c>rollout.max_staleness: k</c>. The schedule is fixed, never a
/// matter of timing: step t always samples from version max(0, t − k), the policy after t − k updates, so a run's
/// metrics are a function of its seeds whatever the machines' speed. With k = 0 every step samples from the policy
/// it trains (synchronous GRPO); with k ≥ 1 the rollouts of steps t+1..t+k can be sampled while the trainer
/// updates on step t (PipelineRL, AReaL, verl's one-step off-policy mode), each k updates old once warmed up.
/// </summary>
public static class StalenessSchedule
{
    /// <summary>The policy version (updates taken) that samples step <paramref name="step"/>: max(0, t − k).</summary>
    public static int SamplingVersion(int step, int maxStaleness) => Math.Max(0, step - maxStaleness);

    /// <summary>How many updates older than the trained policy step <paramref name="step"/>'s sampler is: min(t, k).</summary>
    public static int Lag(int step, int maxStaleness) => step - SamplingVersion(step, maxStaleness);

    /// <summary>
    /// The last step whose rollouts can be sampled once the policy has taken <paramref name="version"/> updates:
    /// every step up to v + k samples from a version already there (capped at the run's last step).
    /// </summary>
    public static int LastStartable(int version, int maxStaleness, int steps) => Math.Min(version + maxStaleness, steps - 1);

    /// <summary>
    /// The older policy versions a run that stops before step <paramref name="step"/> must keep so that, resumed, it
    /// samples steps t..t+k−1 exactly as an uninterrupted run would: max(0, s − k) for each of them below t (version t
    /// is the policy itself), in order, without repeats. Empty for k = 0 and at t = 0.
    /// </summary>
    public static IReadOnlyList<int> HeldVersions(int step, int maxStaleness, int steps) =>
        [.. Enumerable.Range(step, Math.Max(0, Math.Min(step + maxStaleness, steps) - step)).Select(s => SamplingVersion(s, maxStaleness)).Where(v => v < step).Distinct()];
}
