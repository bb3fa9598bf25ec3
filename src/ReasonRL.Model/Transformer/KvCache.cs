using static TorchSharp.torch;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// The keys and values of every layer for the tokens seen so far, so that decoding one more token costs one
/// token's forward instead of the whole sequence's. Preallocated to a capacity (no copy per step): layer l's keys
/// live in (B, kv_heads, capacity, head_dim) and the first <see cref="Length"/> columns are filled. With grouped-query
/// attention only the key/value heads are kept, on the model's device in its dtype.
/// </summary>
/// <remarks>
/// Rows are independent sequences; all rows share the column layout (the sampler left-pads prompts, and an
/// attention mask hides the padding), so one <see cref="Length"/> serves the whole batch. Finished rows are dropped
/// with <see cref="KeepRows"/>. The tensors live outside any dispose scope; dispose the cache when done.
/// </remarks>
public sealed class KvCache : IDisposable
{
    private readonly Tensor[] _keys;   // per layer (B, kv_heads, capacity, head_dim)
    private readonly Tensor[] _values; // per layer (B, kv_heads, capacity, head_dim)

    /// <summary>
    /// An empty cache for <paramref name="model"/>: its layers and key/value heads, on its device, in the dtype
    /// <see cref="DtypeFor"/> chooses.
    /// </summary>
    public KvCache(TransformerModel model, long batchSize, int capacity)
        : this(model.Config, batchSize, capacity, DtypeFor(model), model.Device)
    {
    }

    /// <summary>
    /// The model's dtype, except float32 for a bfloat16 model on the CPU. Decoding reads the whole cache once per token
    /// in one matrix-vector product per row and head; MKL's bfloat16 kernel for those (<c>xgemv_bf16bf16f32</c>) took
    /// 54 % of a bfloat16 decoding profile on an AVX-512 BF16 CPU and made decoding slower than in float32, while its
    /// float32 kernel is tuned. The new keys and values are widened once when written; queries are widened per step.
    /// </summary>
    public static ScalarType DtypeFor(TransformerModel model) =>
        model.Dtype == ScalarType.BFloat16 && model.Compute.IsCpu ? ScalarType.Float32 : model.Dtype;

    public KvCache(TransformerConfig config, long batchSize, int capacity, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Capacity = capacity;
        _keys = new Tensor[config.Layers];
        _values = new Tensor[config.Layers];
        for (var layer = 0; layer < config.Layers; layer++)
        {
            _keys[layer] = empty([batchSize, config.KvHeadCount, capacity, config.HeadDim], dtype: dtype, device: device).DetachFromDisposeScope();
            _values[layer] = empty([batchSize, config.KvHeadCount, capacity, config.HeadDim], dtype: dtype, device: device).DetachFromDisposeScope();
        }
    }

    /// <summary>Columns filled so far (prompt padding included).</summary>
    public int Length { get; private set; }

    public int Capacity { get; }

    public long BatchSize => _keys[0].shape[0];

    /// <summary>The dtype keys and values are held in.</summary>
    public ScalarType Dtype => _keys[0].dtype;

    /// <summary>
    /// Writes this step's keys and values (B, heads, T_new, head_dim) of <paramref name="layer"/> after the filled
    /// columns and returns views of all keys and values so far (B, heads, Length + T_new, head_dim). The new
    /// columns count as filled once every layer has written them and <see cref="Advance"/> is called.
    /// </summary>
    internal (Tensor Keys, Tensor Values) Append(int layer, Tensor keys, Tensor values)
    {
        var added = keys.shape[2];
        if (Length + added > Capacity)
        {
            throw new InvalidOperationException($"the KV cache holds {Capacity} positions; {Length} are filled and {added} more were written");
        }

        using (var keySlot = _keys[layer].narrow(2, Length, added))
        {
            keySlot.copy_(keys);
        }

        using (var valueSlot = _values[layer].narrow(2, Length, added))
        {
            valueSlot.copy_(values);
        }

        return (_keys[layer].narrow(2, 0, Length + added), _values[layer].narrow(2, 0, Length + added));
    }

    internal void Advance(int added) => Length += added;

    /// <summary>
    /// Keeps only the rows at <paramref name="rows"/> (long, in the new order): the batch shrinks as rows finish. A row
    /// listed more than once is copied (a prompt prefilled once for the several rows that continue it).
    /// </summary>
    public void KeepRows(Tensor rows)
    {
        for (var layer = 0; layer < _keys.Length; layer++)
        {
            Replace(_keys, layer, _keys[layer].index_select(0, rows));
            Replace(_values, layer, _values[layer].index_select(0, rows));
        }
    }

    private static void Replace(Tensor[] tensors, int layer, Tensor replacement)
    {
        tensors[layer].Dispose();
        tensors[layer] = replacement.DetachFromDisposeScope();
    }

    public void Dispose()
    {
        foreach (var tensor in _keys.Concat(_values))
        {
            tensor.Dispose();
        }
    }
}
