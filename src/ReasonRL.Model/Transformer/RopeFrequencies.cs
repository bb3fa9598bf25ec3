namespace ReasonRL.Model.Transformer;

/// <summary>
/// The rotary inverse frequencies θ_i = 1 / base^(2i/d), i = 0..d/2−1, after <c>rope_scaling</c>, and the factor
/// YaRN puts on cos and sin. The formulas are those of transformers' <c>modeling_rope_utils</c> (version 5), computed
/// here in double precision.
/// </summary>
/// <remarks>
/// Where transformers versions differ: before version 5, a yarn config with <c>original_max_position_embeddings</c>
/// replaced <c>factor</c> by max_position_embeddings / original_max_position_embeddings; version 5 uses the explicit
/// factor (and warns when the two disagree). This follows version 5; the two agree whenever the config is
/// consistent.
/// </remarks>
public static class RopeFrequencies
{
    /// <summary>
    /// Scales <paramref name="inverse"/> (the plain frequencies of a head of width 2·inverse.Length, base
    /// <paramref name="theta"/>) in place and returns the attention factor (1 except for yarn).
    /// </summary>
    /// <param name="contextLength">max_position_embeddings: yarn's original context when the scaling names none.</param>
    public static double Scale(double[] inverse, double theta, RopeScaling? scaling, int contextLength)
    {
        switch (scaling?.Kind)
        {
            case null:
                return 1.0;
            case RopeScalingKind.Linear:
                // Position interpolation: positions divided by the factor, i.e. every frequency.
                for (var i = 0; i < inverse.Length; i++)
                {
                    inverse[i] /= scaling.Factor;
                }

                return 1.0;
            case RopeScalingKind.Llama3:
                Llama3(inverse, scaling);
                return 1.0;
            case RopeScalingKind.Yarn:
                return Yarn(inverse, theta, scaling, contextLength);
            default:
                throw new ArgumentOutOfRangeException(nameof(scaling), scaling.Kind, null);
        }
    }

    /// <summary>
    /// Llama 3.1: wavelengths 2π/θ shorter than original / high_freq_factor are kept, longer than original /
    /// low_freq_factor are divided by the factor, and in between the two are mixed with weight
    /// s = (original / wavelength − low) / (high − low).
    /// </summary>
    private static void Llama3(double[] inverse, RopeScaling scaling)
    {
        var original = (double)scaling.OriginalContextLength!.Value;
        var lowFrequencyWavelength = original / scaling.LowFreqFactor;
        var highFrequencyWavelength = original / scaling.HighFreqFactor;
        for (var i = 0; i < inverse.Length; i++)
        {
            var wavelength = 2 * Math.PI / inverse[i];
            if (wavelength < highFrequencyWavelength)
            {
                continue;
            }

            if (wavelength > lowFrequencyWavelength)
            {
                inverse[i] /= scaling.Factor;
                continue;
            }

            var smooth = ((original / wavelength) - scaling.LowFreqFactor) / (scaling.HighFreqFactor - scaling.LowFreqFactor);
            inverse[i] = ((1 - smooth) * inverse[i] / scaling.Factor) + (smooth * inverse[i]);
        }
    }

    /// <summary>
    /// YaRN (arXiv 2309.00071 §3.2–3.4): dimension pairs that rotate more than β_fast times over the original context
    /// keep their frequency (extrapolation), those rotating fewer than β_slow times are interpolated (divided by the
    /// factor), with a linear ramp between; cos and sin are multiplied by the attention factor
    /// 0.1·ln(factor) + 1 (or the ratio of two such with DeepSeek's mscale and mscale_all_dim).
    /// </summary>
    private static double Yarn(double[] inverse, double theta, RopeScaling scaling, int contextLength)
    {
        var dim = 2 * inverse.Length;
        var original = scaling.OriginalContextLength ?? contextLength;
        var factor = scaling.Factor;
        var attentionFactor = scaling.AttentionFactor
            ?? (scaling is { Mscale: { } m and not 0, MscaleAllDim: { } all and not 0 }
                ? MagnitudeScale(factor, m) / MagnitudeScale(factor, all)
                : MagnitudeScale(factor, 1.0));

        double CorrectionDimension(double rotations) =>
            dim * Math.Log(original / (rotations * 2 * Math.PI)) / (2 * Math.Log(theta));

        var low = CorrectionDimension(scaling.BetaFast);
        var high = CorrectionDimension(scaling.BetaSlow);
        if (scaling.Truncate)
        {
            low = Math.Floor(low);
            high = Math.Ceiling(high);
        }

        low = Math.Max(low, 0);
        high = Math.Min(high, dim - 1);
        if (low == high)
        {
            high += 0.001; // as transformers does, to avoid dividing by zero
        }

        for (var i = 0; i < inverse.Length; i++)
        {
            var ramp = Math.Clamp((i - low) / (high - low), 0, 1);
            var extrapolationWeight = 1 - ramp;
            var extrapolated = inverse[i];
            var interpolated = extrapolated / factor;
            inverse[i] = (interpolated * (1 - extrapolationWeight)) + (extrapolated * extrapolationWeight);
        }

        return attentionFactor;
    }

    private static double MagnitudeScale(double factor, double mscale) => factor <= 1 ? 1.0 : (0.1 * mscale * Math.Log(factor)) + 1.0;
}
