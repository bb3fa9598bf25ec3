using System.Text;
using System.Text.Json;

namespace ReasonRL.Model.Tokenization.HuggingFace;

/// <summary>Everything of a BPE <c>tokenizer.json</c> that decides ids and text, read and checked.</summary>
internal sealed record TokenizerPipeline(
    IReadOnlyList<AddedTokenSpec> AddedTokens,
    TextNormalizer? Normalizer,
    PreTokenizer? PreTokenizer,
    BpeSettings Model,
    TokenDecoder? Decoder,
    string Fingerprint)
{
    /// <summary>A ByteLevel step is among the pre-tokenizers (GPT-2 style), as opposed to SentencePiece-style BPE.</summary>
    public bool IsByteLevel => HasByteLevel(PreTokenizer);

    private static bool HasByteLevel(PreTokenizer? step) => step switch
    {
        PreTokenizer.ByteLevel => true,
        PreTokenizer.Sequence sequence => sequence.Steps.Any(HasByteLevel),
        _ => false,
    };
}

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> of a BPE model into a <see cref="TokenizerPipeline"/>. Every component
/// kind the BPE families use is read; any other kind, and any malformed field, is refused with the file, line,
/// column and field (never a stack trace).
/// </summary>
internal static class TokenizerJsonReader
{
    private static readonly string[] ModelTypes = ["BPE"];
    private static readonly string[] NormalizerTypes = ["NFC", "NFD", "NFKC", "NFKD", "Lowercase", "Prepend", "Replace", "Strip", "Sequence"];
    private static readonly string[] PreTokenizerTypes = ["ByteLevel", "Split", "Metaspace", "Digits", "Whitespace", "WhitespaceSplit", "Sequence"];
    private static readonly string[] DecoderTypes = ["ByteLevel", "Replace", "ByteFallback", "Fuse", "Strip", "Metaspace", "Sequence"];
    private static readonly string[] Behaviors = ["removed", "isolated", "merged_with_previous", "merged_with_next", "contiguous"];
    private static readonly string[] Schemes = ["always", "first", "never"];

    public static TokenizerPipeline Read(string file, string text)
    {
        var source = new JsonSource(file, text);
        using var document = source.Parse();
        var root = new JsonField(source, document.RootElement, "").RequireObject();

        var model = root.Require("model");
        var modelType = model.Require("type").String();
        if (!ModelTypes.Contains(modelType))
        {
            var why = modelType switch
            {
                "Unigram" => "a Unigram model (T5, ALBERT, XLNet and other SentencePiece-Unigram files) is not read; ReasonRL reads BPE models (byte-level and SentencePiece-style)",
                "WordPiece" => "a WordPiece model (BERT) is not read; ReasonRL reads BPE models (byte-level and SentencePiece-style)",
                "WordLevel" => "a WordLevel model is not read; ReasonRL reads BPE models (byte-level and SentencePiece-style)",
                _ => $"'{modelType}' is not a model type ReasonRL reads (BPE)",
            };
            throw source.Error("model.type", why);
        }

        var settings = ReadModel(model);
        var added = ReadAddedTokens(root);
        var normalizer = root.Optional("normalizer") is { } n ? ReadNormalizer(n) : null;
        var preTokenizer = root.Optional("pre_tokenizer") is { } p ? ReadPreTokenizer(p) : null;
        var decoder = root.Optional("decoder") is { } d ? ReadDecoder(d) : null;
        var fingerprint = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Canonical(document.RootElement)));
        return new TokenizerPipeline(added, normalizer, preTokenizer, settings, decoder, fingerprint);
    }

    private static BpeSettings ReadModel(JsonField model)
    {
        if (model.Optional("dropout") is { } dropout && dropout.Value.ValueKind == JsonValueKind.Number && dropout.Value.GetDouble() != 0)
        {
            throw dropout.Error("BPE dropout is a training-time option; a tokenizer used for inference has none (null)");
        }

        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (token, id) in model.Require("vocab").Members())
        {
            vocabulary[token] = id.NonNegativeInt();
        }

        var merges = new List<string>();
        if (model.Optional("merges") is { } list)
        {
            foreach (var merge in list.Items())
            {
                var (left, right) = merge.Value.ValueKind switch
                {
                    JsonValueKind.String when merge.String().Split(' ') is [var l, var r] => (l, r),
                    JsonValueKind.Array when merge.Items().ToList() is [var l, var r] => (l.String(), r.String()),
                    _ => throw merge.Error("expected \"left right\" or [\"left\", \"right\"]"),
                };
                if (left.Contains(' ', StringComparison.Ordinal) || right.Contains(' ', StringComparison.Ordinal))
                {
                    throw merge.Error("a merge of tokens containing a space is not supported");
                }

                if (!vocabulary.ContainsKey(left) || !vocabulary.ContainsKey(right))
                {
                    throw merge.Error($"merges '{(vocabulary.ContainsKey(left) ? right : left)}', which is not in model.vocab");
                }

                merges.Add($"{left} {right}");
            }
        }

        int? unknownId = null;
        if (model.OptionalString("unk_token") is { } unknown)
        {
            unknownId = vocabulary.TryGetValue(unknown, out var id) ? id : throw model.Require("unk_token").Error($"'{unknown}' is not in model.vocab");
        }

        return new BpeSettings(
            vocabulary,
            merges,
            unknownId,
            model.OptionalBool("fuse_unk", false),
            model.OptionalBool("byte_fallback", false),
            model.OptionalBool("ignore_merges", false),
            NullIfEmpty(model.OptionalString("continuing_subword_prefix")),
            NullIfEmpty(model.OptionalString("end_of_word_suffix")));
    }

    private static List<AddedTokenSpec> ReadAddedTokens(JsonField root)
    {
        var added = new List<AddedTokenSpec>();
        if (root.Optional("added_tokens") is not { } list)
        {
            return added;
        }

        foreach (var token in list.Items())
        {
            var content = token.Require("content").String();
            if (content.Length == 0)
            {
                throw token.Require("content").Error("an added token cannot be empty");
            }

            added.Add(new AddedTokenSpec(
                token.Require("id").NonNegativeInt(),
                content,
                token.OptionalBool("special", false),
                token.OptionalBool("single_word", false),
                token.OptionalBool("lstrip", false),
                token.OptionalBool("rstrip", false),
                token.OptionalBool("normalized", !token.OptionalBool("special", false))));
        }

        return added;
    }

    private static TextNormalizer ReadNormalizer(JsonField field) => field.Type("normalizer", NormalizerTypes) switch
    {
        "NFC" => new TextNormalizer.UnicodeForm(NormalizationForm.FormC),
        "NFD" => new TextNormalizer.UnicodeForm(NormalizationForm.FormD),
        "NFKC" => new TextNormalizer.UnicodeForm(NormalizationForm.FormKC),
        "NFKD" => new TextNormalizer.UnicodeForm(NormalizationForm.FormKD),
        "Lowercase" => new TextNormalizer.Lowercase(),
        "Prepend" => new TextNormalizer.Prepend(field.Require("prepend").String()),
        "Replace" => new TextNormalizer.Replace(ReadPattern(field.Require("pattern")), field.Require("content").String()),
        "Strip" => new TextNormalizer.Strip(field.OptionalBool("strip_left", false), field.OptionalBool("strip_right", true)),
        _ => new TextNormalizer.Sequence([.. field.Require("normalizers").Items().Select(ReadNormalizer)]),
    };

    private static PreTokenizer ReadPreTokenizer(JsonField field) => field.Type("pre_tokenizer", PreTokenizerTypes) switch
    {
        "ByteLevel" => new PreTokenizer.ByteLevel(field.OptionalBool("add_prefix_space", true), field.OptionalBool("use_regex", true)),
        "Split" => new PreTokenizer.Split(ReadPattern(field.Require("pattern")), ReadBehavior(field.Require("behavior")), field.OptionalBool("invert", false)),
        "Metaspace" => new PreTokenizer.Metaspace(ReadReplacement(field), ReadScheme(field), field.OptionalBool("split", true)),
        "Digits" => new PreTokenizer.Digits(field.OptionalBool("individual_digits", false)),
        "Whitespace" => new PreTokenizer.Whitespace(),
        "WhitespaceSplit" => new PreTokenizer.WhitespaceSplit(),
        _ => new PreTokenizer.Sequence([.. field.Require("pretokenizers").Items().Select(ReadPreTokenizer)]),
    };

    private static TokenDecoder ReadDecoder(JsonField field) => field.Type("decoder", DecoderTypes) switch
    {
        "ByteLevel" => new TokenDecoder.ByteLevel(),
        "Replace" => new TokenDecoder.Replace(ReadPattern(field.Require("pattern")), field.Require("content").String()),
        "ByteFallback" => new TokenDecoder.ByteFallback(),
        "Fuse" => new TokenDecoder.Fuse(),
        "Strip" => new TokenDecoder.Strip(ReadChar(field.Require("content")), field.Require("start").NonNegativeInt(), field.Require("stop").NonNegativeInt()),
        "Metaspace" => new TokenDecoder.Metaspace(ReadReplacement(field), ReadScheme(field)),
        _ => new TokenDecoder.Sequence([.. field.Require("decoders").Items().Select(ReadDecoder)]),
    };

    /// <summary><c>{"String": "…"}</c> (a literal) or <c>{"Regex": "…"}</c> (an Oniguruma pattern).</summary>
    private static CodePointRegex ReadPattern(JsonField field)
    {
        if (field.Optional("String") is { } literal)
        {
            return new CodePointRegex(System.Text.RegularExpressions.Regex.Escape(literal.String()));
        }

        var regex = field.Optional("Regex") ?? throw field.Error("expected {\"String\": \"...\"} or {\"Regex\": \"...\"}");
        try
        {
            return CodePointRegex.Compile(regex.String());
        }
        catch (ArgumentException e)
        {
            throw regex.Error($"not a regular expression .NET can run ({e.Message})");
        }
    }

    private static SplitBehavior ReadBehavior(JsonField field)
    {
        var name = field.String();
        var snake = string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
        var index = Array.IndexOf(Behaviors, snake);
        return index >= 0 ? (SplitBehavior)index : throw field.Error($"'{name}' is not a split behavior; expected one of Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous");
    }

    /// <summary><c>prepend_scheme</c> (always | first | never), or the older <c>add_prefix_space</c> (always | never).</summary>
    private static PrependScheme ReadScheme(JsonField field)
    {
        if (field.Optional("prepend_scheme") is { } scheme)
        {
            var index = Array.IndexOf(Schemes, scheme.String());
            return index >= 0 ? (PrependScheme)index : throw scheme.Error($"'{scheme.String()}' is not one of: always, first, never");
        }

        return field.OptionalBool("add_prefix_space", true) ? PrependScheme.Always : PrependScheme.Never;
    }

    private static char ReadReplacement(JsonField field) =>
        field.Optional("replacement") is { } replacement ? ReadChar(replacement) : '\u2581';

    private static char ReadChar(JsonField field)
    {
        var text = field.String();
        return text.Length == 1 ? text[0] : throw field.Error($"expected one character, got \"{text}\"");
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>The file's meaning without its layout: the root re-serialised compactly with members in file order.</summary>
    private static byte[] Canonical(JsonElement root)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var name in new[] { "added_tokens", "normalizer", "pre_tokenizer", "model", "decoder" })
            {
                if (root.TryGetProperty(name, out var value))
                {
                    writer.WritePropertyName(name);
                    value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
