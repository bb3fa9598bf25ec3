using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ReasonRL.Model.Transformer;

/// <summary>The GPT-2 feed-forward block: down(gelu(up(x))).</summary>
public sealed class GeluMlp : nn.Module<Tensor, Tensor>, IFeedForward
{
    private readonly Linear up_proj;
    private readonly Linear down_proj;

    internal GeluMlp(TransformerConfig config, Placement placement) : base(nameof(GeluMlp))
    {
        var (device, dtype) = placement;
        up_proj = nn.Linear(config.DModel, config.EffectiveMlpHidden, hasBias: config.MlpBias, device: device, dtype: dtype);
        down_proj = nn.Linear(config.EffectiveMlpHidden, config.DModel, hasBias: config.MlpBias, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>(B, T, d) → (B, T, d).</summary>
    public override Tensor forward(Tensor x)
    {
        using var hidden = up_proj.forward(x); // (B, T, h)
        using var activated = F.gelu(hidden);
        return down_proj.forward(activated);
    }

    public Linear OutputProjection => down_proj;
}
