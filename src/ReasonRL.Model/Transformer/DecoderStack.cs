using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// The body of the model (Hugging Face's <c>model.</c> prefix): token embedding, learned position embedding when the
/// configuration asks for it, the decoder layers and the final normalisation. Produces hidden states; the output
/// projection lives in <see cref="TransformerModel"/>.
/// </summary>
public sealed class DecoderStack : nn.Module
{
    private readonly Embedding embed_tokens;
    private readonly Embedding? embed_positions;
    private readonly ModuleList<DecoderLayer> layers;
    private readonly nn.Module<Tensor, Tensor> norm;
    private readonly RotaryTables? _rotary;

    public DecoderStack(TransformerConfig config) : base(nameof(DecoderStack))
    {
        embed_tokens = nn.Embedding(config.VocabSize, config.DModel);
        if (config.Positions == PositionKind.Learned)
        {
            embed_positions = nn.Embedding(config.ContextLength, config.DModel);
        }

        layers = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(i => new DecoderLayer(config, i)).ToArray());
        norm = Normalization.Create(config);
        if (config.Positions == PositionKind.Rope)
        {
            _rotary = new RotaryTables(config.ContextLength, config.HeadDim, config.RopeTheta);
        }

        RegisterComponents();
    }

    internal Embedding TokenEmbedding => embed_tokens;

    internal Embedding? PositionEmbedding => embed_positions;

    internal IEnumerable<DecoderLayer> Layers => layers;

    /// <summary>
    /// tokens (B, T) long → final hidden states (B, T, d). <paramref name="positions"/> (B, T) long gives each
    /// token's position; null means the cache's length onwards (0..T−1 without a cache).
    /// </summary>
    internal Tensor forward(Tensor tokens, Tensor? positions, Tensor? attentionMask, KvCache? cache)
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
            (cos, signedSin) = _rotary.At(positions ?? arange(start, start + length, dtype: ScalarType.Int64).unsqueeze(0));
        }

        if (embed_positions is not null)
        {
            var positionIds = positions ?? arange(start, start + length, dtype: ScalarType.Int64).unsqueeze(0); // (1 or B, T)
            x = x + embed_positions.forward(positionIds);
        }

        var inputs = new LayerInputs(cos, signedSin, attentionMask, IsCausal: attentionMask is null && start == 0, cache);
        foreach (var layer in layers)
        {
            x = layer.forward(x, inputs);
        }

        cache?.Advance((int)length);
        return norm.forward(x).MoveToOuterDisposeScope();
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
