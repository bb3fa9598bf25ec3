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
    public const string CompletionsMeanLength = "completions/mean_length";
    public const string CompletionsMaxLength = "completions/max_length";
    public const string CompletionsClippedRatio = "completions/clipped_ratio";
    public const string Kl = "kl";
    public const string Entropy = "entropy";
    public const string ClipRatioLowMean = "clip_ratio/low_mean";
    public const string ClipRatioHighMean = "clip_ratio/high_mean";
    public const string ClipRatioRegionMean = "clip_ratio/region_mean";
    public const string NumTokens = "num_tokens";

    /// <summary>Completion tokens sampled so far in a run, including groups dropped by dynamic sampling: the sampling compute spent.</summary>
    public const string SampledTokens = "sampled_tokens";
    public const string StepTime = "step_time";

    /// <summary>The mean reward of one verifier's column: <c>rewards/format/mean</c>.</summary>
    public static string VerifierReward(string verifier) => $"rewards/{verifier}/mean";

    /// <summary>The rate of a verdict flag: <c>flags/passes_visible_fails_hidden</c>.</summary>
    public static string FlagRate(string flag) => $"flags/{flag}";

    /// <summary>Seconds of a step spent in one phase: <c>time/sampling</c>, <c>time/verifying</c>, …</summary>
    public static string Time(string phase) => $"time/{phase}";

    /// <summary>A held-out evaluation figure: <c>eval/pass@1</c>.</summary>
    public static string Eval(string name) => $"eval/{name}";
}
