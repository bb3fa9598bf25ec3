using System.Buffers;
using System.Text;
using Microsoft.ML.Tokenizers;
using ReasonRL.Core;

namespace ReasonRL.Model.Tokenization;

/// <summary>
/// A character-level tokenizer on Microsoft.ML.Tokenizers' <see cref="Tokenizer"/> base: the special tokens take the
/// first ids, then every character (Unicode scalar value) of the vocabulary gets one id. Text is never normalised or
/// pre-split, and special-token strings in the text are plain characters (no special token can be injected through
/// text).
/// </summary>
/// <remarks>
/// A character outside the vocabulary is an error (<see cref="InputException"/> naming the character and its offset),
/// not an unknown token: the vocabulary comes from the task families' alphabets, so an unknown character means the
/// data and the tokenizer disagree, which is better found at once than trained on.
/// </remarks>
public sealed class CharTokenizer : Tokenizer
{
    private readonly string[] _tokens;                  // id → token text
    private readonly Dictionary<int, int> _idOfScalar;  // Unicode scalar value → id

    public CharTokenizer(IReadOnlyList<string> specialTokens, IEnumerable<Rune> characters)
    {
        SpecialTokens = specialTokens;
        var tokens = new List<string>(specialTokens);
        _idOfScalar = [];
        foreach (var character in characters)
        {
            if (_idOfScalar.TryAdd(character.Value, tokens.Count))
            {
                tokens.Add(character.ToString());
            }
        }

        _tokens = [.. tokens];
    }

    /// <summary>The special tokens, in id order from 0.</summary>
    public IReadOnlyList<string> SpecialTokens { get; }

    /// <summary>Every token's text, by id (special tokens first).</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    public int VocabSize => _tokens.Length;

    public bool IsSpecial(int id) => id >= 0 && id < SpecialTokens.Count;

    protected override EncodeResults<EncodedToken> EncodeToTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var span = text is null ? textSpan : text.AsSpan();
        var tokens = new List<EncodedToken>(span.Length);
        var consumed = Walk(span, settings.MaxTokenCount, (id, start, length) => tokens.Add(new EncodedToken(id, _tokens[id], new Range(start, start + length))));
        return new EncodeResults<EncodedToken> { Tokens = tokens, CharsConsumed = consumed };
    }

    protected override EncodeResults<int> EncodeToIds(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var span = text is null ? textSpan : text.AsSpan();
        var ids = new List<int>(span.Length);
        var consumed = Walk(span, settings.MaxTokenCount, (id, _, _) => ids.Add(id));
        return new EncodeResults<int> { Tokens = ids, CharsConsumed = consumed };
    }

    protected override int CountTokens(string? text, ReadOnlySpan<char> textSpan, EncodeSettings settings)
    {
        var count = 0;
        Walk(text is null ? textSpan : text.AsSpan(), settings.MaxTokenCount, (_, _, _) => count++);
        return count;
    }

    public override OperationStatus Decode(IEnumerable<int> ids, Span<char> destination, out int idsConsumed, out int charsWritten)
    {
        idsConsumed = 0;
        charsWritten = 0;
        foreach (var id in ids)
        {
            var token = TokenText(id);
            if (token.Length > destination.Length - charsWritten)
            {
                return OperationStatus.DestinationTooSmall;
            }

            token.CopyTo(destination[charsWritten..]);
            charsWritten += token.Length;
            idsConsumed++;
        }

        return OperationStatus.Done;
    }

    public override string Decode(IEnumerable<int> ids)
    {
        var builder = new StringBuilder();
        foreach (var id in ids)
        {
            builder.Append(TokenText(id));
        }

        return builder.ToString();
    }

    private string TokenText(int id) =>
        id >= 0 && id < _tokens.Length ? _tokens[id] : throw new ArgumentOutOfRangeException(nameof(id), id, $"not a token id (vocabulary size {_tokens.Length})");

    /// <summary>Calls <paramref name="emit"/>(id, offset, length) per character, up to <paramref name="maxTokens"/>; returns the chars consumed.</summary>
    private int Walk(ReadOnlySpan<char> text, int maxTokens, Action<int, int, int> emit)
    {
        var offset = 0;
        var emitted = 0;
        while (offset < text.Length && emitted < maxTokens)
        {
            if (Rune.DecodeFromUtf16(text[offset..], out var rune, out var length) != OperationStatus.Done)
            {
                throw new InputException($"the text is not valid UTF-16 at offset {offset}");
            }

            if (!_idOfScalar.TryGetValue(rune.Value, out var id))
            {
                throw new InputException(
                    $"the text has a character the tokenizer does not know: '{rune}' (U+{rune.Value:X4}) at offset {offset}; " +
                    "a character-level tokenizer knows only the alphabets it was built from");
            }

            emit(id, offset, length);
            offset += length;
            emitted++;
        }

        return offset;
    }
}
