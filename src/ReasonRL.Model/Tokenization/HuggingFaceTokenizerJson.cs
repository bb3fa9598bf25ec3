using System.Text;
using System.Text.Json;
using ReasonRL.Model.Tokenization.HuggingFace;

namespace ReasonRL.Model.Tokenization;

/// <summary>
/// Writes ReasonRL's character-level tokenizers in the Hugging Face <c>tokenizers</c> file format
/// (<c>tokenizer.json</c>) and recognises them when read back. A character-level tokenizer is written as a BPE model with no merges, no pre-tokenizer and a
/// <c>Fuse</c> decoder: Python's <c>tokenizers</c> then splits text into characters and joins them back, exactly as
/// <see cref="CharTokenizer"/> does (except that it would drop an unknown character where ReasonRL reports it, and it
/// matches special-token strings inside text).
/// </summary>
public static class HuggingFaceTokenizerJson
{
    /// <summary>
    /// True for the files <see cref="WriteCharacterLevel"/> writes: a BPE with no merges, no normalizer or
    /// pre-tokenizer, a Fuse decoder, and one character per vocabulary token (special tokens aside).
    /// </summary>
    internal static bool IsCharacterLevel(TokenizerPipeline pipeline) =>
        pipeline.Model.Merges.Count == 0
        && pipeline.Normalizer is null
        && pipeline.PreTokenizer is null
        && pipeline.Decoder is TokenDecoder.Fuse
        && pipeline.Model.Vocabulary.Keys.Where(t => !pipeline.AddedTokens.Any(a => a.Content == t)).All(IsOneScalar);

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

    private static bool IsOneScalar(string token) =>
        Rune.DecodeFromUtf16(token, out _, out var length) == System.Buffers.OperationStatus.Done && length == token.Length;
}
