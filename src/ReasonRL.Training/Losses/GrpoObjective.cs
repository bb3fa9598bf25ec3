using static TorchSharp.torch;

namespace ReasonRL.Training.Losses;

/// <summary>What the objective needs besides its inputs: clip range, ratio level, KL penalty and aggregation.</summary>
/// <param name="MaxCompletionLength">The longest completion allowed: <see cref="LossAggregation.DrGrpo"/>'s constant.</param>
public sealed record ObjectiveOptions(
    double ClipEpsilonLow, double ClipEpsilonHigh, RatioLevel RatioLevel, LossAggregation Aggregation, int MaxCompletionLength, KlPenalty Kl);

/// <summary>
/// One minibatch, (B, T) each, aligned with the sequences' tokens.
/// </summary>
/// <param name="LogProbs">log π_θ of the sampled tokens, with grad (0 off the mask).</param>
/// <param name="OldLogProbs">log π_old: the policy that sampled the rows, under the trainer's distribution; no grad.</param>
/// <param name="Advantages">Â per token.</param>
/// <param name="CompletionMask">1 on the tokens trained on.</param>
/// <param name="ImportanceWeights">TIS weights of <see cref="PolicyLoss.TruncatedImportanceWeights"/>; null = 1.</param>
/// <param name="RefLogProbs">log π_ref; null when there is no reference.</param>
public sealed record ObjectiveInputs(Tensor LogProbs, Tensor OldLogProbs, Tensor Advantages, Tensor CompletionMask, Tensor? ImportanceWeights, Tensor? RefLogProbs);

/// <param name="Loss">The scalar to minimise.</param>
/// <param name="Ratio">(B, T) ρ, detached, for clip statistics.</param>
/// <param name="TokenKl">(B, T) the KL estimate per token, detached; null without a reference.</param>
public sealed record ObjectiveTerms(Tensor Loss, Tensor Ratio, Tensor? TokenKl);

/// <summary>
/// The GRPO objective of one minibatch, negated to a loss (DeepSeekMath, arXiv 2402.03300, eq. 3, with its options):
/// <code>
///   ℓ_t = −w_t · min(ρ_t Â_t, clip(ρ_t, 1 − ε_low, 1 + ε_high) Â_t)  +  β · KL_t      (KL_t only when the KL is in the loss)
///   L   = aggregate(ℓ, mask)                                                      (grpo | dr_grpo | dapo)
/// </code>
/// ρ_t = π_θ/π_old per token or per sequence (<see cref="RatioLevel"/>), w_t the truncated importance weights,
/// KL_t the k1/k2/k3 estimate against π_ref.
/// </summary>
public static class GrpoObjective
{
    public static ObjectiveTerms Compute(ObjectiveInputs inputs, ObjectiveOptions options)
    {
        var mask = inputs.CompletionMask;
        var ratio = PolicyLoss.LogRatio(inputs.LogProbs, inputs.OldLogProbs, mask, options.RatioLevel).exp(); // (B, T)
        var perToken = PolicyLoss.ClippedSurrogate(ratio, inputs.Advantages, options.ClipEpsilonLow, options.ClipEpsilonHigh);
        if (inputs.ImportanceWeights is { } weights)
        {
            perToken = perToken * weights;
        }

        Tensor? tokenKl = null;
        if (inputs.RefLogProbs is { } refLogProbs)
        {
            // Outside the loss (β = 0, or the KL is in the reward) it is only measured, outside the graph.
            tokenKl = PolicyLoss.Kl(options.Kl.InLoss ? inputs.LogProbs : inputs.LogProbs.detach(), refLogProbs, options.Kl.Estimator);
            if (options.Kl.InLoss)
            {
                perToken = perToken + (options.Kl.Beta * tokenKl);
            }
        }

        var loss = LossAggregations.Reduce(perToken, mask, options.Aggregation, options.MaxCompletionLength);
        return new ObjectiveTerms(loss, ratio.detach(), tokenKl?.detach());
    }
}
