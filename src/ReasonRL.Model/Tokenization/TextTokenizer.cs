using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.Tokenizers;
using ReasonRL.Core;
using ReasonRL.Core.Io;
using ReasonRL.Model.Tokenization.HuggingFace;

namespace ReasonRL.Model.Tokenization;

/// <summary>
/// The tokenizer every trainer, sampler and checkpoint uses: text ↔ token ids, the pad/bos/eos ids, and the
/// <c>tokenizer.json</c> it is saved as. Wraps a Microsoft.ML.Tokenizers <see cref="Tokenizer"/>: a
/// <see cref="CharTokenizer"/> for the synthetic task families, or a byte-level <see cref="BpeTokenizer"/> loaded from
/// a real model's <c>tokenizer.json</c>.
/// </summary>
/// <remarks>
/// <see cref="Encode"/> adds no special tokens (callers put <see cref="BosId"/> in front where they want one) and
/// <see cref="Decode"/> drops special tokens. Two tokenizers are interchangeable exactly when their
/// <see cref="Fingerprint"/>s are equal (distillation checks teacher against student with <see cref="SameAs"/>).
/// </remarks>
public sealed class TextTokenizer
{
    public const string PadToken = "<|pad|>";
    public const string BosToken = "<|bos|>";
    public const string EosToken = "<|eos|>";

    private static readonly string[] EosNames = [EosToken, "</s>", "<|endoftext|>", "<|end_of_text|>", "<|im_end|>", "<eos>"];
    private static readonly string[] BosNames = [BosToken, "<s>", "<|begin_of_text|>", "<bos>", "<|endoftext|>"];
    private static readonly string[] PadNames = [PadToken, "<pad>", "<|padding|>", "<|pad_token|>"];

    private readonly bool[] _special; // by id: dropped by Decode
    private readonly string _json;

    private TextTokenizer(
        TokenizerKind kind, Tokenizer inner, int vocabSize, IEnumerable<AddedTokenSpec> specials, string pipelineFingerprint, string json,
        (int Pad, int Bos, int Eos) roles, string? configJson, TokenizerConfig config)
    {
        Config = config;
        ConfigJson = configJson;
        Kind = kind;
        Inner = inner;
        _json = json;
        VocabSize = vocabSize;
        (PadId, BosId, EosId) = roles;
        _special = new bool[VocabSize];
        foreach (var token in specials)
        {
            _special[token.Id] = true;
        }

        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}\n{pipelineFingerprint}\nroles\t{PadId}\t{BosId}\t{EosId}\n")));
    }

    public TokenizerKind Kind { get; }

    /// <summary>What its <c>tokenizer_config.json</c> says (empty when it has none): special tokens, chat template, space clean-up.</summary>
    public TokenizerConfig Config { get; }

    /// <summary>The <c>tokenizer_config.json</c> text it was loaded with (special tokens, chat template), if any; a checkpoint saved with this tokenizer keeps it.</summary>
    public string? ConfigJson { get; }

    /// <summary>The Microsoft.ML.Tokenizers tokenizer underneath.</summary>
    public Tokenizer Inner { get; }

    /// <summary>Number of token ids (the model's vocabulary size).</summary>
    public int VocabSize { get; }

    public int PadId { get; }

    public int BosId { get; }

    public int EosId { get; }

    /// <summary>SHA-256 (hex) of everything that decides token ids: kind, vocabulary, merges, special tokens, split pattern.</summary>
    public string Fingerprint { get; }

    /// <summary>
    /// A character-level tokenizer: ids 0, 1, 2 are pad, bos and eos, then every character of the
    /// <paramref name="alphabets"/> (e.g. each task family's <c>Alphabet</c> and <c>R1Template.Alphabet</c>) in
    /// code point order, so the ids do not depend on the order the alphabets come in.
    /// </summary>
    public static TextTokenizer CharacterLevel(IEnumerable<string> alphabets)
    {
        var characters = alphabets.SelectMany(a => a.EnumerateRunes()).Distinct().Order().ToList();
        var inner = new CharTokenizer([PadToken, BosToken, EosToken], characters);
        var json = HuggingFaceTokenizerJson.WriteCharacterLevel(inner);
        return FromJson(json, "tokenizer.json");
    }

    /// <summary>
    /// Reads a <c>tokenizer.json</c> (a file, or a folder holding one). A <c>tokenizer_config.json</c> beside it, when
    /// present, names the bos/eos/pad tokens; otherwise they are recognised by their usual names.
    /// </summary>
    public static TextTokenizer Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "tokenizer.json") : path;
        if (!File.Exists(file))
        {
            throw new InputException($"{file}: no such tokenizer file");
        }

        var config = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "tokenizer_config.json");
        return FromJson(File.ReadAllText(file), file, File.Exists(config) ? File.ReadAllText(config) : null, config);
    }

    /// <summary>Parses <c>tokenizer.json</c> text; <paramref name="source"/> names it in error messages.</summary>
    public static TextTokenizer FromJson(string json, string source, string? tokenizerConfigJson = null, string tokenizerConfigSource = "tokenizer_config.json")
    {
        var pipeline = TokenizerJsonReader.Read(source, json);
        var specials = pipeline.AddedTokens.Where(t => t.Special).ToList();
        var config = tokenizerConfigJson is null ? TokenizerConfig.Empty : TokenizerConfig.Parse(tokenizerConfigSource, tokenizerConfigJson);
        var roles = FindRoles(specials, source, config);
        if (HuggingFaceTokenizerJson.IsCharacterLevel(pipeline))
        {
            var characters = CreateCharTokenizer(pipeline, source);
            return new TextTokenizer(TokenizerKind.Character, characters, characters.VocabSize, specials, pipeline.Fingerprint, json, roles, tokenizerConfigJson, config);
        }

        var bpe = new HuggingFaceTokenizer(pipeline);
        var kind = pipeline.IsByteLevel ? TokenizerKind.ByteLevelBpe : TokenizerKind.SentencePieceBpe;
        return new TextTokenizer(kind, bpe, bpe.VocabSize, specials, pipeline.Fingerprint, json, roles, tokenizerConfigJson, config);
    }

    /// <summary>Token ids of <paramref name="text"/>, without any special token added.</summary>
    public int[] Encode(string text) => [.. Inner.EncodeToIds(text)];

    /// <summary>The text of <paramref name="ids"/>, special tokens (pad, bos, eos, …) left out.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        var text = Inner.Decode(ids.Where(id => !IsSpecial(id)));
        return Config.CleanUpTokenizationSpaces ? TokenizerConfig.CleanUpSpaces(text) : text;
    }

    public bool IsSpecial(int id) =>
        id >= 0 && id < VocabSize ? _special[id] : throw new ArgumentOutOfRangeException(nameof(id), id, $"not a token id (vocabulary size {VocabSize})");

    /// <summary>The Hugging Face <c>tokenizer.json</c> text (a loaded file is kept byte for byte).</summary>
    public string ToJson() => _json;

    /// <summary>Writes <c>tokenizer.json</c> atomically to <paramref name="path"/> (a file path).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, _json);

    /// <summary>True when both tokenizers map every text to the same ids (equal fingerprints).</summary>
    public bool SameAs(TextTokenizer other) => Fingerprint == other.Fingerprint;

    private static CharTokenizer CreateCharTokenizer(TokenizerPipeline pipeline, string source)
    {
        var specials = pipeline.AddedTokens.Where(t => t.Special).OrderBy(t => t.Id).ToList();
        var characters = pipeline.Model.Vocabulary
            .Where(entry => !specials.Any(s => s.Content == entry.Key))
            .OrderBy(entry => entry.Value)
            .ToList();
        var tokenizer = new CharTokenizer([.. specials.Select(s => s.Content)], characters.Select(c => Rune.GetRuneAt(c.Key, 0)));
        var expected = specials.Select(s => (s.Id, s.Content)).Concat(characters.Select(c => (c.Value, c.Key))).OrderBy(p => p.Item1).ToList();
        for (var id = 0; id < expected.Count; id++)
        {
            if (expected[id].Item1 != id || tokenizer.Tokens[id] != expected[id].Item2)
            {
                throw new InputException($"{source}: a character-level tokenizer needs its special tokens at ids 0..{specials.Count - 1} and its characters at the ids after them, without gaps");
            }
        }

        return tokenizer;
    }

    private static (int Pad, int Bos, int Eos) FindRoles(IReadOnlyList<AddedTokenSpec> specials, string source, TokenizerConfig config)
    {
        var idOf = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var token in specials)
        {
            idOf.TryAdd(token.Content, token.Id);
        }

        var configured = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (role, name) in new[] { ("bos_token", config.BosToken), ("eos_token", config.EosToken), ("pad_token", config.PadToken) })
        {
            if (name is not null)
            {
                configured[role] = name;
            }
        }

        int? Find(string role, string[] names)
        {
            if (configured.TryGetValue(role, out var name) && idOf.TryGetValue(name, out var id))
            {
                return id;
            }

            foreach (var candidate in names)
            {
                if (idOf.TryGetValue(candidate, out id))
                {
                    return id;
                }
            }

            return null;
        }

        var eos = Find("eos_token", EosNames)
            ?? throw new InputException($"{source}: no end-of-sequence token among the special tokens (looked for {string.Join(", ", EosNames)}); name it as eos_token in a tokenizer_config.json beside it");
        var bos = Find("bos_token", BosNames) ?? eos;
        var pad = Find("pad_token", PadNames) ?? eos;
        return (pad, bos, eos);
    }
}
