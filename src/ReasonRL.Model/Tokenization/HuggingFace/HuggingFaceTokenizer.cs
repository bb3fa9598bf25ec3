using System.Buffers;
using Microsoft.ML.Tokenizers;

namespace ReasonRL.Model.Tokenization.HuggingFace;

/// <summary>
/// A BPE <c>tokenizer.json</c> (byte-level like GPT-2, Llama-3, Qwen2/3, SmolLM, DeepSeek-V3; or SentencePiece-style
/// like Llama-2, Mistral, TinyLlama, Gemma) run the way Hugging Face's <c>tokenizers</c> runs it, on
/// Microsoft.ML.Tokenizers' <see cref="Tokenizer"/> base:
/// added tokens are cut out of the raw text first; each stretch between them is normalized (and cut again at added
/// tokens matched after normalization), pre-tokenized into pieces, and each piece is encoded by the BPE model.
/// Decoding maps ids to token strings and runs the decoder chain. No special token is ever added by encoding (the
/// <c>post_processor</c>, which adds <c>&lt;s&gt;</c> and the like, is for callers to apply).
/// </summary>
internal sealed class HuggingFaceTokenizer : Tokenizer
{
    private readonly TokenizerPipeline _pipeline;
    private readonly AddedVocabulary _added;
    private readonly BpeModel _model;
    private readonly string?[] _tokenOfId;

    public HuggingFaceTokenizer(TokenizerPipeline pipeline)
    {
        _pipeline = pipeline;
        _added = new AddedVocabulary(pipeline.AddedTokens);
        _model = new BpeModel(pipeline.Model);
        var size = Math.Max(
            pipeline.Model.Vocabulary.Count == 0 ? 0 : pipeline.Model.Vocabulary.Values.Max() + 1,
            pipeline.AddedTokens.Count == 0 ? 0 : pipeline.AddedTokens.Max(t => t.Id) + 1);
        _tokenOfId = new string?[size];
        foreach (var (token, id) in pipeline.Model.Vocabulary)
        {
            _tokenOfId[id] = token;
        }

        foreach (var token in pipeline.AddedTokens)
        {
            _tokenOfId[token.Id] = token.Content;
        }
    }

    /// <summary>One more than the largest id of the vocabulary and the added tokens.</summary>
    public int VocabSize => _tokenOfId.Length;

    /// <summary>The token string of <paramref name="id"/> (vocabulary spelling: "Ġthe", "▁the", "&lt;0x0A&gt;").</summary>
    public string TokenOf(int id) =>
        id >= 0 && id < _tokenOfId.Length && _tokenOfId[id] is { } token
            ? token
            : throw new ArgumentOutOfRangeException(nameof(id), id, $"not a token id of this tokenizer (vocabulary size {_tokenOfId.Length})");

    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var input = text ?? textSpan.ToString();
        var tokens = new List<EncodedToken>();
        foreach (var (ids, start, length) in EncodeSegments(input))
        {
            foreach (var id in ids)
            {
                if (tokens.Count == settings.MaxTokenCount)
                {
                    return new EncodeResults<EncodedToken> { Tokens = tokens, CharsConsumed = start };
                }

                tokens.Add(new EncodedToken(id, TokenOf(id), new Range(start, start + length)));
            }
        }

        return new EncodeResults<EncodedToken> { Tokens = tokens, CharsConsumed = input.Length };
    }

    protected override EncodeResults<int> EncodeToIds(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var input = text ?? textSpan.ToString();
        var all = new List<int>();
        foreach (var (ids, start, _) in EncodeSegments(input))
        {
            if (all.Count + ids.Count > settings.MaxTokenCount)
            {
                all.AddRange(ids.Take(settings.MaxTokenCount - all.Count));
                return new EncodeResults<int> { Tokens = all, CharsConsumed = start };
            }

            all.AddRange(ids);
        }

        return new EncodeResults<int> { Tokens = all, CharsConsumed = input.Length };
    }

    protected override int CountTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings) =>
        EncodeToIds(text, textSpan, settings).Tokens.Count;

    public override string Decode(IEnumerable<int> ids)
    {
        var tokens = ids.Select(TokenOf).ToList();
        if (_pipeline.Decoder is null)
        {
            return string.Join(' ', tokens);
        }

        return string.Concat(_pipeline.Decoder.Decode(tokens));
    }

    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        var list = ids.ToList();
        var text = Decode(list);
        if (text.Length > destination.Length)
        {
            idsConsumed = 0;
            charsWritten = 0;
            return OperationStatus.DestinationTooSmall;
        }

        text.CopyTo(destination);
        idsConsumed = list.Count;
        charsWritten = text.Length;
        return OperationStatus.Done;
    }

    /// <summary>The ids of each stretch of <paramref name="text"/>, with the stretch's place in the text.</summary>
    private IEnumerable<(List<int> Ids, int Start, int Length)> EncodeSegments(string text)
    {
        var raw = _added.SplitRaw(text);
        for (var r = 0; r < raw.Count; r++)
        {
            var segment = raw[r];
            var length = (r + 1 < raw.Count ? raw[r + 1].Start : text.Length) - segment.Start;
            if (segment.TokenId is { } tokenId)
            {
                yield return ([tokenId], segment.Start, length);
                continue;
            }

            var normalized = _pipeline.Normalizer?.Normalize(segment.Text) ?? segment.Text;
            var ids = new List<int>();
            foreach (var part in _added.SplitNormalized(normalized, segment.Start))
            {
                if (part.TokenId is { } id)
                {
                    ids.Add(id);
                    continue;
                }

                List<Piece> pieces = [new Piece(part.Text, AtStart: part.Start == 0)];
                if (_pipeline.PreTokenizer is { } preTokenizer)
                {
                    pieces = preTokenizer.Apply(pieces);
                }

                foreach (var piece in pieces)
                {
                    _model.Encode(piece.Text, ids);
                }
            }

            yield return (ids, segment.Start, length);
        }
    }
}
