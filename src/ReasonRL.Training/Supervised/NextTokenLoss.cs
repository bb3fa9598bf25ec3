using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ReasonRL.Training.Supervised;

/// <summary>Masked next-token cross-entropy: the mean negative log-likelihood over the targets the mask selects.</summary>
public static class NextTokenLoss
{
    /// <param name="logits">(B, T, V).</param>
    /// <param name="targets">(B, T) int64.</param>
    /// <param name="lossMask">(B, T) float 0/1.</param>
    public static Tensor Of(Tensor logits, Tensor targets, Tensor lossMask)
    {
        var perToken = F.cross_entropy(logits.reshape(-1, logits.shape[2]), targets.reshape(-1), reduction: nn.Reduction.None); // (B·T)
        return Losses.MaskedMean.Of(perToken, lossMask.reshape(-1));
    }
}
