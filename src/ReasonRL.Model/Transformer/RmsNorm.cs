using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// Root-mean-square layer normalisation (Zhang and Sennrich 2019, arXiv 1910.07467): y = x / sqrt(mean(x²) + ε) · w,
/// with no centring and no bias, as in Llama. TorchSharp has none built in, so it is composed from built-in ops and
/// autograd differentiates it.
/// </summary>
/// <remarks>
/// A hand-written gradient (a TorchSharp <c>autograd.Function</c>) takes fewer passes over the activations, but its
/// graph nodes and saved tensors live until the .NET garbage collector finalises them: measured on the small preset,
/// ~7 MB of activations per training step stayed resident, the process grew by gigabytes, and the fresh pages each
/// step touched cost more than the passes saved.
/// In bfloat16 the statistics and the normalisation are computed in float32 and rounded before the gain, as
/// transformers' <c>LlamaRMSNorm</c> does.
/// </remarks>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight; // (d)
    private readonly double _epsilon;

    public RmsNorm(long size, double epsilon, ScalarType dtype = ScalarType.Float32, Device? device = null) : base(nameof(RmsNorm))
    {
        weight = new Parameter(ones(size, dtype: dtype, device: device));
        _epsilon = epsilon;
        RegisterComponents();
    }

    /// <summary>(…, d) → (…, d).</summary>
    public override Tensor forward(Tensor x)
    {
        if (x.dtype is ScalarType.BFloat16 or ScalarType.Float16)
        {
            using var wide = x.to_type(ScalarType.Float32);
            using var normalisedWide = Normalise(wide);
            using var rounded = normalisedWide.to_type(x.dtype);
            return rounded * weight;
        }

        using var normalised = Normalise(x);
        return normalised * weight;
    }

    private Tensor Normalise(Tensor x)
    {
        using var squares = x.square();
        using var epsilon = _epsilon.ToScalar(); // alive until the kernel returns (see RotaryTables.Apply)
        using var inverseRms = squares.mean([-1], keepdim: true).add_(epsilon, HeldScalars.One).rsqrt_(); // (…, 1); add_(s) alone makes a temporary alpha
        return x * inverseRms;                                                              // (…, d)
    }
}
