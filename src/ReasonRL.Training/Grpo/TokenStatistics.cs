using ReasonRL.Training.Losses;
using static TorchSharp.torch;

namespace ReasonRL.Training.Grpo;

/// <summary>Minimum, mean and maximum of a per-token quantity over the tokens a mask selects (all 0 when it selects none).</summary>
public readonly record struct TokenStatistics(double Min, double Mean, double Max)
{
    /// <param name="values">(B, T).</param>
    /// <param name="mask">(B, T) 0/1.</param>
    public static TokenStatistics Of(Tensor values, Tensor mask)
    {
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        var selected = values.detach().masked_select(mask.to_type(ScalarType.Bool));
        return selected.numel() == 0
            ? default
            : new(selected.min().item<float>(), MaskedMean.Value(values, mask), selected.max().item<float>());
    }

    /// <summary>|log p − log q| per token: the gap between two log-probs of the same tokens (TRL's <c>sampling_logp_difference</c>).</summary>
    public static TokenStatistics Gap(Tensor logProbs, Tensor otherLogProbs, Tensor mask)
    {
        using var scope = NewDisposeScope();
        return Of((logProbs.detach() - otherLogProbs).abs(), mask);
    }
}
