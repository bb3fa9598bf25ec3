namespace ReasonRL.Model;

/// <summary>How rotary position embedding frequencies are stretched for a longer context (HF <c>rope_scaling.rope_type</c>).</summary>
public enum RopeScalingKind
{
    /// <summary>Position interpolation: every frequency divided by the factor (kaiokendev; Chen et al. 2023, arXiv 2306.15595).</summary>
    Linear,

    /// <summary>Llama 3.1's frequency-dependent interpolation: long wavelengths divided by the factor, short ones kept, a smooth ramp between.</summary>
    Llama3,

    /// <summary>YaRN (Peng et al. 2023, arXiv 2309.00071): NTK-by-parts interpolation plus an attention temperature folded into cos and sin.</summary>
    Yarn,
}

/// <summary>
/// The <c>rope_scaling</c> of a Hugging Face config (transformers 5 calls it <c>rope_parameters</c>): the kind and the
/// numbers its formula takes. The formulas are in <see cref="Transformer.RopeFrequencies"/>.
/// </summary>
/// <param name="Factor">Context extension factor (all kinds).</param>
/// <param name="OriginalContextLength">Pretraining context (<c>original_max_position_embeddings</c>): llama3 and yarn.</param>
/// <param name="LowFreqFactor">llama3: wavelengths above original / low_freq_factor are interpolated fully.</param>
/// <param name="HighFreqFactor">llama3: wavelengths below original / high_freq_factor are kept.</param>
/// <param name="BetaFast">yarn: rotations at which the ramp starts (default 32).</param>
/// <param name="BetaSlow">yarn: rotations at which the ramp ends (default 1).</param>
/// <param name="AttentionFactor">yarn: the factor on cos and sin; null means it is derived from the factor (and mscale).</param>
/// <param name="Mscale">yarn (DeepSeek style): mscale of the attention factor's numerator.</param>
/// <param name="MscaleAllDim">yarn (DeepSeek style): mscale of its denominator.</param>
/// <param name="Truncate">yarn: round the correction range to whole dimensions (default true).</param>
public sealed record RopeScaling(
    RopeScalingKind Kind,
    double Factor,
    int? OriginalContextLength = null,
    double LowFreqFactor = 1.0,
    double HighFreqFactor = 4.0,
    double BetaFast = 32.0,
    double BetaSlow = 1.0,
    double? AttentionFactor = null,
    double? Mscale = null,
    double? MscaleAllDim = null,
    bool Truncate = true);
