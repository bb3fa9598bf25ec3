using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// The body of the model (Hugging Face's <c>model.</c> prefix): token embedding, learned position embedding when the
/// configuration asks for it, the decoder layers and the final normalisation; the rotary tables and the sliding-window
/// mask are shared by every layer. Produces hidden states; the output
/// projection lives in <see cref="TransformerModel"/>.
/// </summary>
public sealed class DecoderStack : nn.Module
{
    private readonly Embedding embed_tokens;
    private readonly Embedding? embed_positions;
    private readonly ModuleList<DecoderLayer> layers;
    private readonly nn.Module<Tensor, Tensor> norm;
    private readonly RotaryTables? _rotary;
    private readonly int? _slidingWindow;
    private readonly Device _device;

    internal DecoderStack(TransformerConfig config, Placement placement) : base(nameof(DecoderStack))
    {
        var (device, dtype) = placement;
        embed_tokens = nn.Embedding(config.VocabSize, config.DModel, device: device, dtype: dtype);
        if (config.Positions == PositionKind.Learned)
        {
            embed_positions = nn.Embedding(config.ContextLength, config.DModel, device: device, dtype: dtype);
        }

        layers = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(i => new DecoderLayer(config, i, placement)).ToArray());
        norm = Normalization.Create(config, placement);
        if (config.Positions == PositionKind.Rope)
        {
            _rotary = new RotaryTables(config.ContextLength, config.HeadDim, config.RopeTheta, config.RopeScaling, dtype, device);
        }

        _slidingWindow = config.SlidingWindow;
        _device = device;

        RegisterComponents();
    }

    internal Embedding TokenEmbedding => embed_tokens;

    internal Embedding? PositionEmbedding => embed_positions;

    internal IEnumerable<DecoderLayer> Layers => layers;

    /// <summary>
    /// tokens (B, T) long → final hidden states (B, T, d). <paramref name="positions"/> (B, T) long gives each
    /// token's position; null means the cache's length onwards (0..T−1 without a cache). With
    /// <paramref name="prefixes"/> (and no cache) every layer records its keys and values there, or reads the rows'
    /// prefixes before its own (the mask then spans prefix and row).
    /// </summary>
    internal Tensor forward(Tensor tokens, Tensor? positions, Tensor? attentionMask, KvCache? cache, SharedPrefixKeys? prefixes = null)
    {
        using var scope = NewDisposeScope();
        var length = tokens.shape[1];
        var start = cache?.Length ?? 0;
        var x = embed_tokens.forward(tokens); // (B, T, d)
        Tensor? cos = null, signedSin = null;
        if (positions is null && start == 0 && _rotary is not null)
        {
            (cos, signedSin) = _rotary.ForPrefix(length);
        }
        else if (_rotary is not null)
        {
            (cos, signedSin) = _rotary.At(positions ?? Range(start, start + length).unsqueeze(0));
        }

        if (embed_positions is not null)
        {
            var positionIds = positions ?? Range(start, start + length).unsqueeze(0); // (1 or B, T)
            x = x.add(embed_positions.forward(positionIds), HeldScalars.One);        // not x + …: see HeldScalars
        }

        var mask = _slidingWindow is { } window && start + length > window
            ? SlidingWindowMask(attentionMask, start, length, window)
            : attentionMask;
        var hiddenKeys = length == 1 && mask is not null ? mask.logical_not() : null;
        var inputs = new LayerInputs(cos, signedSin, mask, IsCausal: mask is null && start == 0, cache, hiddenKeys, prefixes);
        foreach (var layer in layers)
        {
            x = layer.forward(x, inputs);
        }

        cache?.Advance((int)length);
        return norm.forward(x).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The attention mask (B or 1, 1, T, T_keys) with Mistral's sliding window: the query in column i (= start + t)
    /// sees key column j when j ≤ i and i − j &lt; window (transformers' <c>sliding_window_overlay</c>), and, with
    /// <paramref name="attentionMask"/>, only where that mask allows. Within a left-padded row column differences
    /// are position differences, so the window counts positions.
    /// </summary>
    private Tensor SlidingWindowMask(Tensor? attentionMask, long start, long length, int window)
    {
        var keys = start + length;
        var queryColumns = Range(start, keys).unsqueeze(1);                                             // (T, 1)
        var keyColumns = Range(0, keys).unsqueeze(0);                                                   // (1, T_keys)
        var distance = queryColumns - keyColumns;                                                       // (T, T_keys)
        using var zero = 0.ToScalar();                                                                  // scalars alive through their kernels (HeldScalars)
        using var width = window.ToScalar();
        var band = distance.ge(zero).logical_and(distance.lt(width)).view(1, 1, length, keys);
        return attentionMask is null ? band : attentionMask.logical_and(band);
    }

    /// <summary>start, …, end − 1 (int64), with its bounds held alive through the kernel (see HeldScalars).</summary>
    private Tensor Range(long start, long end)
    {
        using var first = start.ToScalar();
        using var stop = end.ToScalar();
        return arange(first, stop, dtype: ScalarType.Int64, device: _device);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rotary?.Dispose();
        }

        base.Dispose(disposing);
    }
}
