namespace ReasonRL.Training.Metrics;

/// <summary>
/// The names of logged metrics: TRL's where one exists (<c>reward</c>, <c>kl</c>, <c>completions/mean_length</c>, …),
/// so curves read the same as in the tools users know.
/// </summary>
public static class MetricNames
{
    public const string Step = "step";
    public const string Loss = "loss";
    public const string LearningRate = "learning_rate";
    public const string GradNorm = "grad_norm";
    public const string EvalLoss = "eval_loss";
    public const string TokensPerSecond = "tokens_per_s";
    public const string Epoch = "epoch";

    public const string Reward = "reward";
    public const string RewardStd = "reward_std";
    public const string FracRewardZeroStd = "frac_reward_zero_std";
    public const string PassRate = "pass_rate";
    public const string ReflectionRate = "reflection_rate";

    /// <summary>The pass rate of reflective completions, and of the others (<see cref="Core.Evaluation.ReflectionSplit"/>); logged when there is one.</summary>
    public const string ReflectivePassRate = "reflection/pass_rate_reflective";
    public const string NonReflectivePassRate = "reflection/pass_rate_non_reflective";
    public const string CompletionsMeanLength = "completions/mean_length";
    public const string CompletionsMaxLength = "completions/max_length";
    public const string CompletionsClippedRatio = "completions/clipped_ratio";
    public const string Kl = "kl";
    public const string Entropy = "entropy";
    public const string ClipRatioLowMean = "clip_ratio/low_mean";
    public const string ClipRatioHighMean = "clip_ratio/high_mean";
    public const string ClipRatioRegionMean = "clip_ratio/region_mean";
    public const string NumTokens = "num_tokens";

    /// <summary>|log π_trainer − log π_sampler| of the same sampled tokens (TRL's names).</summary>
    public const string SamplingLogpDifferenceMean = "sampling/sampling_logp_difference/mean";
    public const string SamplingLogpDifferenceMax = "sampling/sampling_logp_difference/max";

    /// <summary>The truncated importance-sampling weights min(π_old/π_sampler, C) (TRL's names).</summary>
    public const string ImportanceSamplingRatioMin = "sampling/importance_sampling_ratio/min";
    public const string ImportanceSamplingRatioMean = "sampling/importance_sampling_ratio/mean";
    public const string ImportanceSamplingRatioMax = "sampling/importance_sampling_ratio/max";

    /// <summary>The mean of −β·Σ_t KL_t taken off each completion's reward when the KL penalty is in the reward.</summary>
    public const string KlRewardPenalty = "rewards/kl_penalty/mean";

    /// <summary>Completion tokens sampled so far in a run, including groups dropped by dynamic sampling: the sampling compute spent.</summary>
    public const string SampledTokens = "sampled_tokens";
    public const string StepTime = "step_time";

    /// <summary>The mean reward of one verifier's column: <c>rewards/format/mean</c>.</summary>
    public static string VerifierReward(string verifier) => $"rewards/{verifier}/mean";

    /// <summary>The rate of a verdict flag: <c>flags/passes_visible_fails_hidden</c>.</summary>
    public static string FlagRate(string flag) => $"flags/{flag}";

    /// <summary>Seconds of a step spent in one phase: <c>time/sampling</c>, <c>time/verifying</c>, …</summary>
    public static string Time(string phase) => $"time/{phase}";

    /// <summary>A metric of the groups trained on, when dynamic sampling chose them: <c>kept/pass_rate</c>.</summary>
    public static string Kept(string name) => $"kept/{name}";

    /// <summary>A figure of the rollout work units: <c>rollout/units</c>, <c>rollout/bytes_sent</c>, …</summary>
    public static string Rollout(string name) => $"rollout/{name}";

    /// <summary>
    /// Whether a metric measures where or how fast the work ran (wall-clock seconds, throughput, the rollout units'
    /// placement and traffic) rather than what was computed: two runs of one recipe with the same seeds and partitions
    /// agree on every other metric, wherever their rollout units ran.
    /// </summary>
    public static bool DependsOnPlacement(string name) =>
        name == StepTime || name.StartsWith("time/", StringComparison.Ordinal) || name.StartsWith("tokens_per_s", StringComparison.Ordinal)
        || name.StartsWith("rollout/", StringComparison.Ordinal);

    /// <summary>A held-out evaluation figure: <c>eval/pass@1</c>.</summary>
    public static string Eval(string name) => $"eval/{name}";
}
