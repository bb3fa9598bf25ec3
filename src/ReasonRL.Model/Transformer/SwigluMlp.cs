using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// The SwiGLU feed-forward block (Shazeer 2020, arXiv 2002.05202) of Llama: down(silu(gate(x)) · up(x)), with biases when the config has
/// <c>mlp_bias</c>. Gate and up
/// stay two matmuls: one fused matmul measured slower in training, because the element-wise product then reads
/// strided halves.
/// </summary>
public sealed class SwigluMlp : nn.Module<Tensor, Tensor>, IFeedForward
{
    private readonly Linear gate_proj;
    private readonly Linear up_proj;
    private readonly Linear down_proj;

    internal SwigluMlp(TransformerConfig config, Placement placement) : base(nameof(SwigluMlp))
    {
        var (device, dtype) = placement;
        gate_proj = nn.Linear(config.DModel, config.EffectiveMlpHidden, hasBias: config.MlpBias, device: device, dtype: dtype);
        up_proj = nn.Linear(config.DModel, config.EffectiveMlpHidden, hasBias: config.MlpBias, device: device, dtype: dtype);
        down_proj = nn.Linear(config.EffectiveMlpHidden, config.DModel, hasBias: config.MlpBias, device: device, dtype: dtype);
        RegisterComponents();
    }

    /// <summary>(B, T, d) → (B, T, d).</summary>
    public override Tensor forward(Tensor x)
    {
        using var gate = gate_proj.forward(x); // (B, T, h)
        using var up = up_proj.forward(x);     // (B, T, h)
        using var activated = F.silu(gate);
        using var product = activated * up;
        return down_proj.forward(product);
    }

    public Linear OutputProjection => down_proj;
}
