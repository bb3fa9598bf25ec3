using static TorchSharp.torch;

namespace ReasonRL.Training.Losses;

/// <summary>How per-token losses become one scalar (YAML: <c>grpo</c> | <c>dr_grpo</c> | <c>dapo</c>).</summary>
public enum LossAggregation
{
    /// <summary>
    /// Mean over the tokens of each completion, then mean over completions (DeepSeekMath, eq. 3). Long completions'
    /// tokens weigh less, which Dr. GRPO identifies as a length bias.
    /// </summary>
    Grpo,

    /// <summary>Sum over all tokens divided by a constant, completions × max completion length (Dr. GRPO, arXiv 2503.20783 §3.2).</summary>
    DrGrpo,

    /// <summary>Mean over all tokens of the batch: token-level policy gradient (DAPO, arXiv 2503.14476 §3.3).</summary>
    Dapo,
}

/// <summary>The reductions of <see cref="LossAggregation"/> (verl's <c>agg_loss</c>).</summary>
public static class LossAggregations
{
    /// <summary>Reduces (B, T) per-token losses over the masked tokens to a scalar, by <paramref name="mode"/>.</summary>
    /// <param name="maxCompletionLength">The constant denominator of <see cref="LossAggregation.DrGrpo"/>: the longest completion allowed.</param>
    public static Tensor Reduce(Tensor perToken, Tensor completionMask, LossAggregation mode, int maxCompletionLength) => mode switch
    {
        LossAggregation.Grpo => MaskedMean.PerRow(perToken, completionMask).mean(),
        LossAggregation.DrGrpo => (perToken * completionMask).sum() / (perToken.shape[0] * (double)maxCompletionLength),
        LossAggregation.Dapo => MaskedMean.Of(perToken, completionMask),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };
}
