using static TorchSharp.torch;

namespace ReasonRL.Training.Losses;

/// <summary>
/// The per-token pieces of the GRPO objective, as pure functions. Shapes: (B, T) for B completions padded to T
/// tokens; <c>completionMask</c> is 1 on the completion tokens trained on and 0 elsewhere; log-probs are 0 where the
/// mask is 0. <see cref="GrpoObjective"/> assembles them.
/// </summary>
public static class PolicyLoss
{
    /// <summary>
    /// log ρ per token, the log of the importance ratio π_θ/π_old:
    /// <list type="bullet">
    /// <item><see cref="RatioLevel.Token"/>: log π_θ(y_t) − log π_old(y_t) (PPO, arXiv 1707.06347; DeepSeekMath eq. 3).</item>
    /// <item><see cref="RatioLevel.Sequence"/>: GSPO-token (arXiv 2507.18071 §4.2), log s_i,t = sg[log s_i] + log π_θ(y_t)
    /// − sg[log π_θ(y_t)], with log s_i the mean of the completion's token log-ratios: every token of a completion has
    /// the value s_i, and the gradient s_i·∇log π_θ(y_t) of its own token. With one advantage per completion and
    /// <see cref="LossAggregation.Grpo"/> this is GSPO's sequence objective exactly.</item>
    /// </list>
    /// </summary>
    /// <param name="logProbs">(B, T) log π_θ, with grad.</param>
    /// <param name="oldLogProbs">(B, T) log π_old, no grad.</param>
    public static Tensor LogRatio(Tensor logProbs, Tensor oldLogProbs, Tensor completionMask, RatioLevel level)
    {
        var tokenLogRatio = logProbs - oldLogProbs;                                  // (B, T)
        return level switch
        {
            RatioLevel.Token => tokenLogRatio,
            RatioLevel.Sequence => MaskedMean.PerRow(tokenLogRatio, completionMask).detach().unsqueeze(1) + logProbs - logProbs.detach(),
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
        };
    }

    /// <summary>
    /// The clipped surrogate, per token (PPO, arXiv 1707.06347, eq. 7; GRPO, DeepSeekMath eq. 3; DAPO's decoupled
    /// ε_low/ε_high, "clip-higher", arXiv 2503.14476 eq. 10): −min(ρ·Â, clip(ρ, 1 − ε_low, 1 + ε_high)·Â), a loss to minimise.
    /// </summary>
    /// <param name="ratio">(B, T) ρ = π_θ/π_old, with grad.</param>
    /// <param name="advantages">(B, T) per-token advantages (an outcome advantage is repeated over its completion).</param>
    public static Tensor ClippedSurrogate(Tensor ratio, Tensor advantages, double clipEpsilonLow, double clipEpsilonHigh)
    {
        var unclipped = ratio * advantages;
        var clipped = ratio.clamp(1.0 - clipEpsilonLow, 1.0 + clipEpsilonHigh) * advantages;
        return -minimum(unclipped, clipped);
    }

    /// <summary>
    /// A single-sample estimate of KL(π_θ ‖ π_ref) per token (Schulman, "Approximating KL divergence", 2020), with
    /// log r = log π_ref − log π_θ: k1 = −log r, k2 = ½(log r)², k3 = e^(log r) − log r − 1 (DeepSeekMath eq. 4).
    /// </summary>
    public static Tensor Kl(Tensor logProbs, Tensor refLogProbs, KlEstimator estimator)
    {
        var logRatio = refLogProbs - logProbs;
        return estimator switch
        {
            KlEstimator.K1 => -logRatio,
            KlEstimator.K2 => 0.5 * logRatio.square(),
            KlEstimator.K3 => logRatio.exp() - logRatio - 1.0,
            _ => throw new ArgumentOutOfRangeException(nameof(estimator), estimator, null),
        };
    }

    /// <summary>
    /// Truncated importance sampling weights per token, w_t = min(π_old(y_t)/π_sampler(y_t), C): they correct for
    /// rows drawn from a distribution other than the trainer's π_old (top-k/top-p truncation, a sampler's different
    /// numerics, an older policy), capped so that one token cannot dominate (Yao et al., "Your Efficient RL Framework
    /// Secretly Brings You Off-Policy RL Training", 2025; TRL's <c>vllm_importance_sampling_cap</c>, verl's
    /// rollout importance sampling). Constants: no grad. 1 where both log-probs are 0 (padding).
    /// </summary>
    /// <param name="oldLogProbs">(B, T) log π_old under the trainer's distribution.</param>
    /// <param name="samplerLogProbs">(B, T) log-probs the sampler recorded under the distribution it drew from.</param>
    /// <param name="cap">C &gt; 0.</param>
    public static Tensor TruncatedImportanceWeights(Tensor oldLogProbs, Tensor samplerLogProbs, double cap) =>
        (oldLogProbs - samplerLogProbs).exp().clamp_max(cap).detach();
}
