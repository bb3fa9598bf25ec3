using System.Text;
using System.Text.Json;
using ReasonRL.Core;

namespace ReasonRL.Model.Tokenization;

/// <summary>
/// Reads and writes the Hugging Face <c>tokenizers</c> file format (<c>tokenizer.json</c>) for the two kinds ReasonRL
/// supports. A character-level tokenizer is written as a BPE model with no merges, no pre-tokenizer and a
/// <c>Fuse</c> decoder: Python's <c>tokenizers</c> then splits text into characters and joins them back, exactly as
/// <see cref="CharTokenizer"/> does (except that it would drop an unknown character where ReasonRL reports it, and it
/// matches special-token strings inside text).
/// </summary>
public static class HuggingFaceTokenizerJson
{
    /// <summary>GPT-2's pre-tokenizer split, used by <c>ByteLevel</c> with <c>use_regex: true</c>.</summary>
    public const string Gpt2SplitPattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static TokenizerDescription Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InputException($"{source}: not valid JSON ({e.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            var model = Object(root, "model", source);
            var type = String(model, "type", source, "model.type");
            if (type != "BPE")
            {
                throw new InputException($"{source}: field 'model.type': ReasonRL reads BPE tokenizers (character-level or byte-level), got '{type}'");
            }

            var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in Object(model, "vocab", source).EnumerateObject())
            {
                vocabulary[entry.Name] = entry.Value.TryGetInt32(out var id) && id >= 0
                    ? id
                    : throw new InputException($"{source}: field 'model.vocab.{entry.Name}': expected a non-negative integer id");
            }

            var merges = ReadMerges(model, source);
            var added = ReadAddedTokens(root, source);
            var normalizeNfc = ReadNormalizer(root, source);
            var (byteLevel, pattern) = ReadPreTokenizer(root, source);
            if (!byteLevel)
            {
                var isCharacterLevel = merges.Count == 0
                    && Decoder(root) == "Fuse"
                    && vocabulary.Keys.Where(t => !added.Any(a => a.Content == t)).All(IsOneScalar);
                if (!isCharacterLevel)
                {
                    throw new InputException(
                        $"{source}: unsupported tokenizer: ReasonRL reads byte-level BPE (pre_tokenizer ByteLevel) and its own character-level " +
                        "tokenizers (BPE with single-character tokens, no merges, no pre_tokenizer and a Fuse decoder)");
                }
            }

            return new TokenizerDescription(byteLevel ? TokenizerKind.ByteLevelBpe : TokenizerKind.Character, vocabulary, merges, added, pattern, normalizeNfc);
        }
    }

    /// <summary>The <c>tokenizer.json</c> of a character-level tokenizer (indented, deterministic).</summary>
    public static string WriteCharacterLevel(CharTokenizer tokenizer)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "1.0");
            writer.WriteNull("truncation");
            writer.WriteNull("padding");
            writer.WriteStartArray("added_tokens");
            for (var id = 0; id < tokenizer.SpecialTokens.Count; id++)
            {
                writer.WriteStartObject();
                writer.WriteNumber("id", id);
                writer.WriteString("content", tokenizer.SpecialTokens[id]);
                writer.WriteBoolean("single_word", false);
                writer.WriteBoolean("lstrip", false);
                writer.WriteBoolean("rstrip", false);
                writer.WriteBoolean("normalized", false);
                writer.WriteBoolean("special", true);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNull("normalizer");
            writer.WriteNull("pre_tokenizer");
            writer.WriteNull("post_processor");
            writer.WriteStartObject("decoder");
            writer.WriteString("type", "Fuse");
            writer.WriteEndObject();
            writer.WriteStartObject("model");
            writer.WriteString("type", "BPE");
            writer.WriteNull("dropout");
            writer.WriteNull("unk_token");
            writer.WriteNull("continuing_subword_prefix");
            writer.WriteNull("end_of_word_suffix");
            writer.WriteBoolean("fuse_unk", false);
            writer.WriteBoolean("byte_fallback", false);
            writer.WriteBoolean("ignore_merges", false);
            writer.WriteStartObject("vocab");
            for (var id = 0; id < tokenizer.Tokens.Count; id++)
            {
                writer.WriteNumber(tokenizer.Tokens[id], id);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("merges");
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static List<string> ReadMerges(JsonElement model, string source)
    {
        var merges = new List<string>();
        if (!model.TryGetProperty("merges", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return merges;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new InputException($"{source}: field 'model.merges': expected an array");
        }

        var index = 0;
        foreach (var merge in array.EnumerateArray())
        {
            // Two spellings: "left right" (older files) or ["left", "right"] (tokenizers >= 0.20).
            merges.Add(merge.ValueKind switch
            {
                JsonValueKind.String when merge.GetString()!.Split(' ').Length == 2 => merge.GetString()!,
                JsonValueKind.Array when merge.GetArrayLength() == 2 && merge.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String)
                    => $"{merge[0].GetString()} {merge[1].GetString()}",
                _ => throw new InputException($"{source}: field 'model.merges[{index}]': expected \"left right\" or [\"left\", \"right\"]"),
            });
            index++;
        }

        return merges;
    }

    private static List<AddedToken> ReadAddedTokens(JsonElement root, string source)
    {
        var added = new List<AddedToken>();
        if (!root.TryGetProperty("added_tokens", out var array) || array.ValueKind == JsonValueKind.Null)
        {
            return added;
        }

        var index = 0;
        foreach (var token in array.EnumerateArray())
        {
            var field = $"added_tokens[{index}]";
            var id = token.TryGetProperty("id", out var idElement) && idElement.TryGetInt32(out var value) && value >= 0
                ? value
                : throw new InputException($"{source}: field '{field}.id': expected a non-negative integer");
            var content = String(token, "content", source, $"{field}.content");
            var special = token.TryGetProperty("special", out var flag) && flag.ValueKind == JsonValueKind.True;
            added.Add(new AddedToken(id, content, special));
            index++;
        }

        return added;
    }

    private static bool ReadNormalizer(JsonElement root, string source)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        var type = String(normalizer, "type", source, "normalizer.type");
        return type == "NFC" ? true : throw new InputException($"{source}: field 'normalizer.type': ReasonRL supports no normalizer or NFC, got '{type}'");
    }

    /// <summary>(byte level?, split pattern): ByteLevel alone, or Sequence[Split(regex), ByteLevel(use_regex: false)].</summary>
    private static (bool ByteLevel, string? Pattern) ReadPreTokenizer(JsonElement root, string source)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var pre) || pre.ValueKind == JsonValueKind.Null)
        {
            return (false, null);
        }

        var steps = String(pre, "type", source, "pre_tokenizer.type") == "Sequence"
            ? [.. Array(pre, "pretokenizers", source, "pre_tokenizer.pretokenizers").EnumerateArray()]
            : new List<JsonElement> { pre };
        string? pattern = null;
        var byteLevel = false;
        foreach (var step in steps)
        {
            var type = String(step, "type", source, "pre_tokenizer.type");
            switch (type)
            {
                case "ByteLevel":
                    byteLevel = true;
                    if (step.TryGetProperty("add_prefix_space", out var prefix) && prefix.ValueKind == JsonValueKind.True)
                    {
                        throw new InputException($"{source}: field 'pre_tokenizer.add_prefix_space': ReasonRL supports byte-level tokenizers without an added prefix space");
                    }

                    if (!step.TryGetProperty("use_regex", out var useRegex) || useRegex.ValueKind != JsonValueKind.False)
                    {
                        pattern ??= Gpt2SplitPattern;
                    }

                    break;
                case "Split" when step.TryGetProperty("pattern", out var p) && p.TryGetProperty("Regex", out var regex) && regex.ValueKind == JsonValueKind.String:
                    pattern = regex.GetString();
                    break;
                default:
                    throw new InputException($"{source}: field 'pre_tokenizer': unsupported pre-tokenizer '{type}' (ReasonRL reads ByteLevel and Split with a regex)");
            }
        }

        return byteLevel ? (true, pattern ?? Gpt2SplitPattern) : throw new InputException($"{source}: field 'pre_tokenizer': a ByteLevel step is required");
    }

    private static string? Decoder(JsonElement root) =>
        root.TryGetProperty("decoder", out var decoder) && decoder.ValueKind == JsonValueKind.Object && decoder.TryGetProperty("type", out var type)
            ? type.GetString()
            : null;

    private static bool IsOneScalar(string token) =>
        Rune.DecodeFromUtf16(token, out _, out var length) == System.Buffers.OperationStatus.Done && length == token.Length;

    private static JsonElement Object(JsonElement parent, string name, string source) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new InputException($"{source}: field '{name}': expected an object");

    private static JsonElement Array(JsonElement parent, string name, string source, string field) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value
            : throw new InputException($"{source}: field '{field}': expected an array");

    private static string String(JsonElement parent, string name, string source, string field) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new InputException($"{source}: field '{field}': expected a string");
}
