using static TorchSharp.torch;

namespace ReasonRL.Training.Losses;

/// <summary>
/// How often clipping was active, as TRL logs it: a token is low-clipped when ρ &lt; 1 − ε_low with Â &lt; 0 and
/// high-clipped when ρ &gt; 1 + ε_high with Â &gt; 0 (the cases where the clip removes the gradient).
/// </summary>
/// <param name="LowMean">Share of masked tokens that were low-clipped (<c>clip_ratio/low_mean</c>).</param>
/// <param name="HighMean">Share of masked tokens that were high-clipped (<c>clip_ratio/high_mean</c>).</param>
/// <param name="RegionMean">Share clipped either way (<c>clip_ratio/region_mean</c>).</param>
public readonly record struct ClipStatistics(double LowMean, double HighMean, double RegionMean)
{
    /// <param name="ratio">(B, T) ρ = π_θ/π_old (token or sequence level).</param>
    public static ClipStatistics Of(Tensor ratio, Tensor advantages, Tensor completionMask, double clipEpsilonLow, double clipEpsilonHigh)
    {
        using var scope = NewDisposeScope();
        var low = (ratio < 1.0 - clipEpsilonLow).logical_and(advantages < 0).to_type(ScalarType.Float32);
        var high = (ratio > 1.0 + clipEpsilonHigh).logical_and(advantages > 0).to_type(ScalarType.Float32);
        var lowMean = MaskedMean.Value(low, completionMask);
        var highMean = MaskedMean.Value(high, completionMask);
        return new ClipStatistics(lowMean, highMean, lowMean + highMean);
    }

    /// <summary>The mean of several minibatches' statistics.</summary>
    public static ClipStatistics Mean(IReadOnlyCollection<ClipStatistics> minibatches) => minibatches.Count == 0
        ? default
        : new(minibatches.Average(c => c.LowMean), minibatches.Average(c => c.HighMean), minibatches.Average(c => c.RegionMean));
}
