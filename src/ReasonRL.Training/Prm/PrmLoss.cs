using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ReasonRL.Training.Prm;

/// <summary>
/// The PRM objective: binary cross-entropy between the predicted probability σ(z) and the step label y ∈ [0, 1] (a
/// soft Monte-Carlo label is a valid target), at the tokens that end steps only, averaged over those tokens
/// (Math-Shepherd, arXiv 2312.08935, eq. 3). Computed from logits as softplus(z) − y·z, which equals
/// −y·log σ(z) − (1 − y)·log(1 − σ(z)) without overflowing for large |z|.
/// </summary>
public static class PrmLoss
{
    /// <param name="logits">(B, T) step logits.</param>
    /// <param name="labels">(B, T) labels, read where <paramref name="weights"/> is non-zero.</param>
    /// <param name="weights">(B, T) 1 at step-end tokens, 0 elsewhere.</param>
    /// <returns>A scalar: the weighted mean cross-entropy.</returns>
    public static Tensor Of(Tensor logits, Tensor labels, Tensor weights)
    {
        var perToken = F.softplus(logits) - (labels * logits);   // (B, T)
        return Losses.MaskedMean.Of(perToken, weights);
    }
}
