using static TorchSharp.torch;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// Keys and values of prefixes that several rows share (a GRPO group's prompt under each of its completions), kept
/// with their autograd history, so a prefix's forward is computed once however many rows continue it. A first pass
/// over the prefixes records every layer's keys and values (<see cref="Record"/>); later passes over the rows'
/// continuations attend to their own prefix's keys and values before their own (<see cref="Join"/>), and their
/// gradients flow back into the one prefix pass.
/// </summary>
/// <remarks>
/// The keys are the rotated ones a layer's attention reads, (U, H_kv, P, hd) for U prefixes right-padded to P tokens;
/// a reading pass gives each query a mask that hides a prefix's padding and its own later tokens.
/// Dispose after the backward pass.
/// </remarks>
internal sealed class SharedPrefixKeys : IDisposable
{
    private readonly Tensor?[] _keys;   // per layer (U, H_kv, P, hd)
    private readonly Tensor?[] _values; // per layer (U, H_kv, P, hd)

    public SharedPrefixKeys(int layers)
    {
        _keys = new Tensor?[layers];
        _values = new Tensor?[layers];
    }

    /// <summary>The prefix of every row of the reading pass (R), int64; null while recording.</summary>
    public Tensor? RowPrefixes { get; set; }

    /// <summary>
    /// While recording (<see cref="RowPrefixes"/> null): keeps this layer's keys and values (U, H_kv, P, hd) and returns
    /// them. While reading: returns each row's prefix keys and values followed by its own, (R, H_kv, P + T, hd).
    /// </summary>
    internal (Tensor Keys, Tensor Values) Join(int layer, Tensor keys, Tensor values)
    {
        if (RowPrefixes is null)
        {
            Record(layer, keys, values);
            return (keys, values);
        }

        if (_keys[layer] is null)
        {
            throw new InvalidOperationException($"layer {layer} reads prefix keys that no pass recorded");
        }

        using var prefixKeys = _keys[layer]!.index_select(0, RowPrefixes);
        using var prefixValues = _values[layer]!.index_select(0, RowPrefixes);
        return (cat([prefixKeys, keys], 2), cat([prefixValues, values], 2));
    }

    private void Record(int layer, Tensor keys, Tensor values)
    {
        _keys[layer]?.Dispose();
        _values[layer]?.Dispose();
        // New handles on the same tensors, outside the layer's dispose scope (the layer disposes its own).
        _keys[layer] = keys.alias().DetachFromDisposeScope();
        _values[layer] = values.alias().DetachFromDisposeScope();
    }

    public void Dispose()
    {
        foreach (var tensor in _keys.Concat(_values))
        {
            tensor?.Dispose();
        }
    }
}
