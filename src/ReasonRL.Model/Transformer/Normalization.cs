using static TorchSharp.torch;

namespace ReasonRL.Model.Transformer;

/// <summary>The normalisation layer a configuration asks for: <see cref="RmsNorm"/> or LayerNorm (with bias, as in GPT-2).</summary>
internal static class Normalization
{
    public static nn.Module<Tensor, Tensor> Create(TransformerConfig config, Placement placement) => config.Norm switch
    {
        NormKind.Rmsnorm => new RmsNorm(config.DModel, config.NormEpsilon, placement.Dtype, placement.Device),
        NormKind.Layernorm => nn.LayerNorm(config.DModel, config.NormEpsilon, device: placement.Device, dtype: placement.Dtype),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Norm, null),
    };
}
