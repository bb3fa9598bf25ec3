using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// Causal self-attention with the built-in scaled-dot-product attention kernel (2–4× faster than a hand-written
/// softmax(QKᵀ/√d)V here), as transformers computes it for Llama, Mistral, Qwen2 and Qwen3: grouped-query attention
/// (H query heads share H_kv key/value heads, query head h reading key/value head h / (H / H_kv)), optional q/k/v and
/// output biases, and Qwen3's RMSNorm of every query and key head before the rotation. Separate q, k and v projections
/// (Hugging Face names) measured faster in training than one fused matmul: their outputs stay contiguous, which the
/// element-wise kernels need.
/// </summary>
/// <remarks>
/// The KV cache holds H_kv heads. TorchSharp's attention kernel has no grouped-query option, so keys and values are
/// repeated to H heads for a whole-sequence pass (as transformers' <c>repeat_kv</c> does); decoding one token instead
/// folds each group's queries into the query-length axis, (B, H_kv, H/H_kv, hd) against (B, H_kv, L, hd), which
/// reads the cache without copying it.
/// </remarks>
public sealed class SelfAttention : nn.Module
{
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear o_proj;
    private readonly RmsNorm? q_norm;
    private readonly RmsNorm? k_norm;
    private readonly int _heads;
    private readonly int _kvHeads;
    private readonly int _headDim;
    private readonly int _layer;

    internal SelfAttention(TransformerConfig config, int layer, Placement placement) : base(nameof(SelfAttention))
    {
        var (device, dtype) = placement;
        _heads = config.Heads;
        _kvHeads = config.KvHeadCount;
        _headDim = config.HeadDim;
        _layer = layer;
        q_proj = nn.Linear(config.DModel, _heads * _headDim, hasBias: config.QkvBias, device: device, dtype: dtype);
        k_proj = nn.Linear(config.DModel, _kvHeads * _headDim, hasBias: config.QkvBias, device: device, dtype: dtype);
        v_proj = nn.Linear(config.DModel, _kvHeads * _headDim, hasBias: config.QkvBias, device: device, dtype: dtype);
        o_proj = nn.Linear(_heads * _headDim, config.DModel, hasBias: config.OutputBias, device: device, dtype: dtype);
        if (config.QkNorm)
        {
            q_norm = new RmsNorm(_headDim, config.NormEpsilon, dtype, device);
            k_norm = new RmsNorm(_headDim, config.NormEpsilon, dtype, device);
        }

        RegisterComponents();
    }

    /// <summary>(B, T, d) → (B, T, d).</summary>
    internal Tensor forward(Tensor x, LayerInputs inputs)
    {
        using var scope = NewDisposeScope();
        long batch = x.shape[0], length = x.shape[1];
        var q = q_proj.forward(x).view(batch, length, _heads, _headDim);   // (B, T, H, hd)
        var k = k_proj.forward(x).view(batch, length, _kvHeads, _headDim); // (B, T, H_kv, hd)
        var v = v_proj.forward(x).view(batch, length, _kvHeads, _headDim); // (B, T, H_kv, hd)
        if (q_norm is not null)
        {
            q = q_norm.forward(q);
            k = k_norm!.forward(k);
        }

        if (inputs.Cos is not null)
        {
            q = RotaryTables.Apply(q, inputs.Cos, inputs.SignedSin!);
            k = RotaryTables.Apply(k, inputs.Cos, inputs.SignedSin!);
        }

        // (B, heads, T, hd) views; the attention kernel reads the strides.
        q = q.transpose(1, 2);
        k = k.transpose(1, 2);
        v = v.transpose(1, 2);
        if (inputs.Cache is not null)
        {
            (k, v) = inputs.Cache.Append(_layer, k, v); // (B, H_kv, T_keys, hd)
        }

        var computeDtype = q.dtype;
        if (k.dtype != computeDtype)
        {
            q = q.to_type(k.dtype); // a cache held in a wider dtype than the model's (see KvCache.DtypeFor)
        }

        var attended = Attend(q, k, v, inputs).to_type(computeDtype); // (B, H, T, hd)
        var merged = attended.transpose(1, 2).reshape(batch, length, _heads * _headDim); // (B, T, H·hd)
        return o_proj.forward(merged).MoveToOuterDisposeScope();
    }

    internal Linear OutputProjection => o_proj;

    /// <summary>q (B, H, T, hd), k and v (B, H_kv, T_keys, hd) → (B, H, T, hd).</summary>
    private Tensor Attend(Tensor q, Tensor k, Tensor v, LayerInputs inputs)
    {
        if (_kvHeads == _heads)
        {
            return F.scaled_dot_product_attention(q, k, v, attn_mask: inputs.AttentionMask, is_casual: inputs.IsCausal);
        }

        long batch = q.shape[0], length = q.shape[2], keys = k.shape[2];
        var group = _heads / _kvHeads;
        if (length == 1 && !inputs.IsCausal)
        {
            // One new token: its H queries become H_kv groups of `group` queries that share a mask row (B, 1, 1, L).
            var grouped = q.reshape(batch, _kvHeads, group, _headDim);
            var attendedGroups = F.scaled_dot_product_attention(grouped, k, v, attn_mask: inputs.AttentionMask); // (B, H_kv, group, hd)
            return attendedGroups.reshape(batch, _heads, 1, _headDim);
        }

        var repeatedKeys = k.unsqueeze(2).expand(batch, _kvHeads, group, keys, _headDim).reshape(batch, _heads, keys, _headDim);
        var repeatedValues = v.unsqueeze(2).expand(batch, _kvHeads, group, keys, _headDim).reshape(batch, _heads, keys, _headDim);
        return F.scaled_dot_product_attention(q, repeatedKeys, repeatedValues, attn_mask: inputs.AttentionMask, is_casual: inputs.IsCausal);
    }
}
