using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// Multi-head causal self-attention with the built-in scaled-dot-product attention kernel (2–4× faster than a
/// hand-written softmax(QKᵀ/√d)V here). Separate q, k and v projections (Hugging Face names) measured faster in
/// training than one fused matmul: their outputs stay contiguous, which the element-wise kernels need.
/// </summary>
public sealed class SelfAttention : nn.Module
{
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear o_proj;
    private readonly int _heads;
    private readonly int _headDim;
    private readonly int _layer;

    public SelfAttention(TransformerConfig config, int layer) : base(nameof(SelfAttention))
    {
        q_proj = nn.Linear(config.DModel, config.DModel, hasBias: false);
        k_proj = nn.Linear(config.DModel, config.DModel, hasBias: false);
        v_proj = nn.Linear(config.DModel, config.DModel, hasBias: false);
        o_proj = nn.Linear(config.DModel, config.DModel, hasBias: false);
        _heads = config.Heads;
        _headDim = config.HeadDim;
        _layer = layer;
        RegisterComponents();
    }

    /// <summary>(B, T, d) → (B, T, d).</summary>
    internal Tensor forward(Tensor x, LayerInputs inputs)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], length = x.shape[1], width = x.shape[2];
        var q = q_proj.forward(x).view(batch, length, _heads, _headDim); // (B, T, H, hd)
        var k = k_proj.forward(x).view(batch, length, _heads, _headDim); // (B, T, H, hd)
        var v = v_proj.forward(x).view(batch, length, _heads, _headDim); // (B, T, H, hd)
        if (inputs.Cos is not null)
        {
            q = RotaryTables.Apply(q, inputs.Cos, inputs.SignedSin!);
            k = RotaryTables.Apply(k, inputs.Cos, inputs.SignedSin!);
        }

        // (B, H, T, hd) views; the attention kernel reads the strides.
        q = q.transpose(1, 2);
        k = k.transpose(1, 2);
        v = v.transpose(1, 2);
        if (inputs.Cache is not null)
        {
            (k, v) = inputs.Cache.Append(_layer, k, v); // (B, H, T_keys, hd)
        }

        var attended = F.scaled_dot_product_attention(
            q, k, v, attn_mask: inputs.AttentionMask, is_casual: inputs.IsCausal); // (B, H, T, hd)
        var merged = attended.transpose(1, 2).reshape(batch, length, width); // (B, T, d)
        return o_proj.forward(merged).MoveToOuterDisposeScope();
    }

    internal Linear OutputProjection => o_proj;
}
