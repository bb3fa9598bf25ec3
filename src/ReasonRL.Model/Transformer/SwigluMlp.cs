using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// The SwiGLU feed-forward block (Shazeer 2020, arXiv 2002.05202) of Llama: down(silu(gate(x)) · up(x)). Gate and up
/// stay two matmuls: one fused matmul measured slower in training, because the element-wise product then reads
/// strided halves.
/// </summary>
public sealed class SwigluMlp : nn.Module<Tensor, Tensor>, IFeedForward
{
    private readonly Linear gate_proj;
    private readonly Linear up_proj;
    private readonly Linear down_proj;

    public SwigluMlp(TransformerConfig config) : base(nameof(SwigluMlp))
    {
        gate_proj = nn.Linear(config.DModel, config.EffectiveMlpHidden, hasBias: false);
        up_proj = nn.Linear(config.DModel, config.EffectiveMlpHidden, hasBias: false);
        down_proj = nn.Linear(config.EffectiveMlpHidden, config.DModel, hasBias: false);
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
