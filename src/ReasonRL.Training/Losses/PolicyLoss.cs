using static TorchSharp.torch;

namespace ReasonRL.Training.Losses;

/// <summary>
/// The GRPO objective on per-token tensors, as pure functions. Shapes: (B, T) for B completions padded to T
/// completion tokens; <c>completionMask</c> is 1 on real completion tokens and 0 on padding. Every function returns
/// a tensor to minimise (the objective's negation where the paper maximises).
/// </summary>
public static class PolicyLoss
{
    /// <summary>
    /// The clipped surrogate, per token (PPO, arXiv 1707.06347, eq. 7; GRPO, DeepSeekMath eq. 3; DAPO's decoupled
    /// ε_low/ε_high, "clip-higher", arXiv 2503.14476 eq. 10): −min(ρ·Â, clip(ρ, 1 − ε_low, 1 + ε_high)·Â) with
    /// ρ = π_θ/π_old = exp(logProbs − oldLogProbs).
    /// </summary>
    /// <param name="logProbs">(B, T) log π_θ of the sampled tokens, with grad.</param>
    /// <param name="oldLogProbs">(B, T) log π_old of the same tokens (the policy that sampled them), no grad.</param>
    /// <param name="advantages">(B, T) per-token advantages (an outcome advantage is repeated over its completion).</param>
    public static Tensor ClippedSurrogate(Tensor logProbs, Tensor oldLogProbs, Tensor advantages, double clipEpsilonLow, double clipEpsilonHigh)
    {
        var ratio = (logProbs - oldLogProbs).exp();
        var unclipped = ratio * advantages;
        var clipped = ratio.clamp(1.0 - clipEpsilonLow, 1.0 + clipEpsilonHigh) * advantages;
        return -minimum(unclipped, clipped);
    }

    /// <summary>
    /// The k3 estimator of KL(π_θ ‖ π_ref) per token (Schulman, "Approximating KL divergence", 2020; DeepSeekMath
    /// eq. 4): π_ref/π_θ − log(π_ref/π_θ) − 1, unbiased and always ≥ 0.
    /// </summary>
    public static Tensor KlK3(Tensor logProbs, Tensor refLogProbs)
    {
        var logRatio = refLogProbs - logProbs;
        return logRatio.exp() - logRatio - 1.0;
    }

    /// <summary>Reduces (B, T) per-token losses over the masked tokens to a scalar, by <paramref name="mode"/>.</summary>
    /// <param name="maxCompletionLength">The constant denominator of <see cref="LossAggregation.DrGrpo"/>: the longest completion allowed.</param>
    public static Tensor Aggregate(Tensor perToken, Tensor completionMask, LossAggregation mode, int maxCompletionLength)
    {
        var masked = perToken * completionMask;
        return mode switch
        {
            LossAggregation.Grpo => (masked.sum(1) / completionMask.sum(1).clamp_min(1.0)).mean(),
            LossAggregation.DrGrpo => masked.sum() / (perToken.shape[0] * (double)maxCompletionLength),
            LossAggregation.Dapo => masked.sum() / completionMask.sum().clamp_min(1.0),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
        };
    }
}
