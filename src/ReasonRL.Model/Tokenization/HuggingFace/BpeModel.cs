using System.Text;
using Microsoft.ML.Tokenizers;

namespace ReasonRL.Model.Tokenization.HuggingFace;

/// <summary>
/// The <c>model</c> of a BPE <c>tokenizer.json</c>: one pre-tokenized piece → token ids.
/// </summary>
/// <remarks>
/// The merging itself (rank-ordered merges over a piece's symbols) is Microsoft.ML.Tokenizers'
/// <see cref="BpeTokenizer"/>, given the vocabulary and merges and no pre-tokenizer or normalizer of its own. Written
/// here, because <see cref="BpeTokenizer"/> has no such options, are the two model settings of newer files:
/// <list type="bullet">
/// <item><c>ignore_merges</c> (Llama-3): a piece that is a token of the vocabulary as a whole is that token.</item>
/// <item><c>byte_fallback</c> (Llama-2, Mistral, Gemma): a character missing from the vocabulary becomes the tokens
/// <c>&lt;0xXX&gt;</c> of its UTF-8 bytes; without it, the unknown token (runs fused with <c>fuse_unk</c>). No merge
/// involves such tokens, so the known characters between them are merged on their own, as Hugging Face does.</item>
/// </list>
/// </remarks>
internal sealed class BpeModel
{
    private readonly Dictionary<string, int> _vocabulary;
    private readonly BpeTokenizer _merger;
    private readonly int?[] _byteIds; // <0x00>..<0xFF> when byte_fallback is on and the vocabulary has them

    public BpeModel(BpeSettings settings)
    {
        Settings = settings;
        _vocabulary = new Dictionary<string, int>(settings.Vocabulary, StringComparer.Ordinal);
        _merger = BpeTokenizer.Create(new BpeOptions(settings.Vocabulary)
        {
            Merges = settings.Merges,
            PreTokenizer = WholePiece.Instance, // without one, BpeTokenizer splits at white space and punctuation itself
            ContinuingSubwordPrefix = settings.ContinuingSubwordPrefix,
            EndOfWordSuffix = settings.EndOfWordSuffix,
        });
        _byteIds = new int?[256];
        for (var b = 0; b < 256; b++)
        {
            _byteIds[b] = settings.ByteFallback && _vocabulary.TryGetValue($"<0x{b:X2}>", out var id) ? id : null;
        }
    }

    public BpeSettings Settings { get; }

    public IReadOnlyDictionary<string, int> Vocabulary => _vocabulary;

    public void Encode(string piece, List<int> ids)
    {
        if (piece.Length == 0)
        {
            return;
        }

        if (Settings.IgnoreMerges && _vocabulary.TryGetValue(piece, out var whole))
        {
            ids.Add(whole);
            return;
        }

        if (Settings.ContinuingSubwordPrefix is not null || Settings.EndOfWordSuffix is not null)
        {
            ids.AddRange(_merger.EncodeToIds(piece));
            return;
        }

        var runStart = 0;
        var lastWasUnknown = false;
        for (var i = 0; i < piece.Length;)
        {
            var length = char.IsHighSurrogate(piece[i]) && i + 1 < piece.Length ? 2 : 1;
            var character = piece.Substring(i, length);
            if (!_vocabulary.ContainsKey(character))
            {
                Merge(piece[runStart..i], ids);
                if (runStart < i)
                {
                    lastWasUnknown = false;
                }

                lastWasUnknown = AddUnknown(character, ids, lastWasUnknown);
                runStart = i + length;
            }

            i += length;
        }

        Merge(piece[runStart..], ids);
    }

    private void Merge(string run, List<int> ids)
    {
        if (run.Length > 0)
        {
            ids.AddRange(_merger.EncodeToIds(run));
        }
    }

    /// <summary>Byte tokens, else the unknown token (fused onto a previous one), else nothing; returns whether it was the unknown token.</summary>
    private bool AddUnknown(string character, List<int> ids, bool lastWasUnknown)
    {
        var bytes = Encoding.UTF8.GetBytes(character);
        if (Settings.ByteFallback && bytes.All(b => _byteIds[b] is not null))
        {
            ids.AddRange(bytes.Select(b => _byteIds[b]!.Value));
            return false;
        }

        if (Settings.UnknownId is not { } unknown)
        {
            return false; // as Hugging Face does: a character with no token and no unknown token is dropped
        }

        if (!(Settings.FuseUnknown && lastWasUnknown))
        {
            ids.Add(unknown);
        }

        return true;
    }
}

/// <summary>The settings of a BPE <c>model</c> section.</summary>
internal sealed record BpeSettings(
    IReadOnlyDictionary<string, int> Vocabulary,
    IReadOnlyList<string> Merges,
    int? UnknownId,
    bool FuseUnknown,
    bool ByteFallback,
    bool IgnoreMerges,
    string? ContinuingSubwordPrefix,
    string? EndOfWordSuffix);

/// <summary>Hands the whole piece to the BPE merger: pieces were already cut by the file's own pre-tokenizer.</summary>
internal sealed class WholePiece : Microsoft.ML.Tokenizers.PreTokenizer
{
    public static WholePiece Instance { get; } = new();

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => [(0, text.Length)];

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => [(0, text.Length)];
}
