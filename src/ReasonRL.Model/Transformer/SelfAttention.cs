using TorchSharp;
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
/// attends with two plain batched matrix products (<see cref="AttendOneQuery"/>, faster there than the fused kernel),
/// folding each group's queries into one product, (B, H_kv, H/H_kv, hd) against (B, H_kv, L, hd), which reads the
/// cache without copying it.
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
        var (q, k, v) = inputs.Cache is not null && inputs.Cos is not null && q_norm is null
            ? ProjectAndRotateTogether(x, inputs.Cos, inputs.SignedSin!)
            : ProjectAndRotate(x, inputs);

        // (B, heads, T, hd) views; the attention kernel reads the strides.
        q = q.transpose(1, 2);
        k = k.transpose(1, 2);
        v = v.transpose(1, 2);
        if (inputs.Cache is not null)
        {
            (k, v) = inputs.Cache.Append(_layer, k, v); // (B, H_kv, T_keys, hd)
        }
        else if (inputs.Prefixes is not null)
        {
            (k, v) = inputs.Prefixes.Join(_layer, k, v); // (B, H_kv, P + T, hd) when reading
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

    /// <summary>x (B, T, d) → q (B, T, H, hd), k and v (B, T, H_kv, hd), normalised and rotated where configured.</summary>
    private (Tensor Q, Tensor K, Tensor V) ProjectAndRotate(Tensor x, LayerInputs inputs)
    {
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

        return (q, k, v);
    }

    /// <summary>
    /// The same as <see cref="ProjectAndRotate"/> without q/k norms, in fewer kernels for decoding (a few tokens per
    /// row, where each kernel's dispatch costs about what its work does): the query and key projections write side
    /// by side into one buffer (B·T, (H + H_kv)·hd), each the matrix product <c>F.linear</c> would compute, so one
    /// rotation (4 kernels) turns both instead of two (8). Bit for bit what <see cref="ProjectAndRotate"/> gives:
    /// the same products and the same element-wise operations on each element (<c>tools/speed-ab fingerprint</c>).
    /// </summary>
    private (Tensor Q, Tensor K, Tensor V) ProjectAndRotateTogether(Tensor x, Tensor cos, Tensor signedSin)
    {
        long batch = x.shape[0], length = x.shape[1], qWidth = _heads * _headDim, kWidth = _kvHeads * _headDim;
        using var rows = x.reshape(batch * length, x.shape[2]);                                  // (B·T, d)
        using var queriesAndKeys = empty([batch * length, qWidth + kWidth], dtype: x.dtype, device: x.device);
        using (var queryColumns = queriesAndKeys.narrow(1, 0, qWidth))
        {
            Project(q_proj, rows, queryColumns);
        }

        using (var keyColumns = queriesAndKeys.narrow(1, qWidth, kWidth))
        {
            Project(k_proj, rows, keyColumns);
        }

        using var heads = queriesAndKeys.view(batch, length, _heads + _kvHeads, _headDim);      // (B, T, H + H_kv, hd)
        var rotated = RotaryTables.Apply(heads, cos, signedSin);
        var v = v_proj.forward(x).view(batch, length, _kvHeads, _headDim);                       // (B, T, H_kv, hd)
        return (rotated.narrow(2, 0, _heads), rotated.narrow(2, _heads, _kvHeads), v);
    }

    /// <summary>
    /// rows (N, d) · Wᵀ (+ bias) into <paramref name="columns"/> (N, out), a column block of a wider buffer: what
    /// <c>F.linear</c> computes (<c>addmm(bias, rows, Wᵀ)</c> with a bias, <c>mm(rows, Wᵀ)</c> without).
    /// </summary>
    private static void Project(Linear projection, Tensor rows, Tensor columns)
    {
        using var transposed = projection.weight!.t();
        if (projection.bias is { } bias)
        {
            columns.copy_(bias);
            columns.addmm_(rows, transposed);
        }
        else
        {
            columns.addmm_(rows, transposed, beta: 0);
        }
    }

    /// <summary>q (B, H, T, hd), k and v (B, H_kv, T_keys, hd) → (B, H, T, hd).</summary>
    private Tensor Attend(Tensor q, Tensor k, Tensor v, LayerInputs inputs)
    {
        if (q.shape[2] == 1 && !inputs.IsCausal)
        {
            return AttendOneQuery(q, k, v, inputs.HiddenKeys ?? inputs.AttentionMask?.logical_not());
        }

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

    /// <summary>
    /// One query per row (decoding after a cache): softmax(q·Kᵀ/√hd + mask)·V as two batched matrix products over the
    /// cache's views, without copying it. q (B, H, 1, hd), k and v (B, H_kv, L, hd), hiddenKeys (B, 1, 1, L) boolean
    /// (true where a key is hidden: the mask's negation) or null → (B, H, 1, hd). With grouped-query attention each group's queries share their key/value head as rows of one
    /// product, (B, H_kv, H/H_kv, hd) against (B, H_kv, L, hd).
    /// </summary>
    /// <remarks>
    /// Measured on the CPU (2 cores, small preset's shapes: batch 256, 2 heads of 64, 80 keys in a 128-column cache,
    /// a padding mask; best of 54 calls): float32 0.84 ms against 0.91 ms for <c>scaled_dot_product_attention</c>, and
    /// with a bfloat16 cache 1.54 ms against 2.53 ms. Whole KV-cache sampling of the small preset at batch 256 (256 × 96
    /// new tokens, three alternating pairs of processes, load 2–4): float32 13.3–14.2k against 13.3–13.6k new tokens/s,
    /// a bfloat16 model 16.4–18.3k against 15.1–15.4k. The softmax runs in the queries' dtype (float32 for a float32
    /// cache); the results equal the fused kernel's to float rounding (<c>SingleQueryAttentionTests</c>).
    /// </remarks>
    internal static Tensor AttendOneQuery(Tensor q, Tensor k, Tensor v, Tensor? hiddenKeys)
    {
        using var scope = NewDisposeScope();
        long batch = q.shape[0], heads = q.shape[1], kvHeads = k.shape[1], headDim = q.shape[3];
        using var scale = (1.0 / Math.Sqrt(headDim)).ToScalar();                                          // alive through the kernel (HeldScalars)
        var grouped = q.reshape(batch, kvHeads, heads / kvHeads, headDim).mul(scale);                     // (B, H_kv, group, hd)
        var scores = grouped.matmul(k.transpose(2, 3));                                                   // (B, H_kv, group, L)
        if (hiddenKeys is not null)
        {
            scores.masked_fill_(hiddenKeys, HeldScalars.NegativeInfinity);
        }

        var weights = scores.softmax(-1);
        return weights.matmul(v).reshape(batch, heads, 1, headDim).MoveToOuterDisposeScope(); // (B, H, 1, hd)
    }
}
