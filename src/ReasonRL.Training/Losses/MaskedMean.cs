using static TorchSharp.torch;

namespace ReasonRL.Training.Losses;

/// <summary>
/// Means over the positions a mask selects: the one reduction every loss and metric over tokens uses (SFT and
/// distillation losses, the PRM loss, GRPO's aggregation modes, KL, entropy and clip statistics). A mask is 0/1 or a
/// non-negative weight per position, of the values' shape; an all-zero mask gives 0, not NaN.
/// </summary>
public static class MaskedMean
{
    /// <summary>Σ values·mask / max(Σ mask, 1): a scalar, with grad through <paramref name="values"/>.</summary>
    public static Tensor Of(Tensor values, Tensor mask) =>
        (values * mask).sum() / mask.sum().clamp_min(1.0);

    /// <summary>(B, T) → (B): each row's mean over its masked positions (0 for a row without any).</summary>
    public static Tensor PerRow(Tensor values, Tensor mask) =>
        (values * mask).sum(1) / mask.sum(1).clamp_min(1.0);

    /// <summary><see cref="Of"/> as a number, outside the graph: for metrics.</summary>
    public static double Value(Tensor values, Tensor mask)
    {
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        return Of(values.detach(), mask).item<float>();
    }
}
