using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// Root-mean-square layer normalisation (Zhang and Sennrich 2019, arXiv 1910.07467): y = x / sqrt(mean(x²) + ε) · w,
/// with no centring and no bias, as in Llama. TorchSharp has none built in; the gradient is written by hand
/// (<see cref="RmsNormFunction"/>), which takes fewer passes over the activations than autograd's.
/// </summary>
public sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight; // (d)
    private readonly double _epsilon;

    public RmsNorm(long size, double epsilon) : base(nameof(RmsNorm))
    {
        weight = new Parameter(ones(size));
        _epsilon = epsilon;
        RegisterComponents();
    }

    /// <summary>(…, d) → (…, d).</summary>
    public override Tensor forward(Tensor x)
    {
        if (is_grad_enabled() && (x.requires_grad || weight.requires_grad))
        {
            return RmsNormFunction.apply(x, weight, _epsilon);
        }

        using var inverseRms = RmsNormFunction.InverseRms(x, _epsilon);
        var normalised = x * inverseRms;
        return normalised.mul_(weight); // in place: returns the same tensor
    }
}
