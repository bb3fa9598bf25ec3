using ReasonRL.Model.Tokenization;

namespace ReasonRL.Model.Tests.Tokenization;

/// <summary>
/// Parts of the tokenizer.json pipeline pinned on hand-made files where the reference tables cannot speak: behaviour
/// of Hugging Face's Rust tokenizers that its JS port does not share, and settings no shipped file uses.
/// </summary>
public class TokenizerPipelineTests
{
    // A byte-level BPE with no merges: each UTF-8 byte is its own token, id = byte value + 10 (ids 0..9 are added tokens).
    private static string ByteVocabulary()
    {
        var alphabet = ByteAlphabet();
        return string.Join(",", Enumerable.Range(0, 256).Select(b => $"{System.Text.Json.JsonSerializer.Serialize(alphabet[b].ToString())}: {b + 10}"));
    }

    private static char[] ByteAlphabet()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            map[b] = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF ? (char)b : (char)next++;
        }

        return map;
    }

    private static TextTokenizer ByteLevel(string preTokenizer, string addedTokens = "") =>
        TextTokenizer.FromJson(
            $$$"""
            {"added_tokens": [{"id": 0, "content": "<eos>", "special": true, "normalized": false}{{{addedTokens}}}],
             "normalizer": null, "pre_tokenizer": {{{preTokenizer}}}, "decoder": {"type": "ByteLevel"},
             "model": {"type": "BPE", "vocab": { {{{ByteVocabulary()}}} }, "merges": []}}
            """,
            "hand.json");

    private static List<string> Pieces(TextTokenizer tokenizer, string text)
    {
        // With no merges every id is one byte; a piece boundary shows as the byte sequence restarting a UTF-8 char.
        var ids = tokenizer.Encode(text);
        return [.. ids.Select(id => id < 10 ? $"#{id}" : ((char)(id - 10)).ToString())];
    }

    [Fact]
    public void Digits_isolates_every_unicode_number_as_rust_does()
    {
        var tokenizer = ByteLevel("""{"type": "Sequence", "pretokenizers": [{"type": "Digits", "individual_digits": true}, {"type": "ByteLevel", "add_prefix_space": false, "use_regex": false}]}""");

        // ① (U+2460, category No) is numeric for Rust's char::is_numeric; its three UTF-8 bytes are still one piece,
        // which the byte-level ids cannot show, so the decoded round trip and the id count are the checks.
        var ids = tokenizer.Encode("a①b12");
        Assert.Equal("a①b12", tokenizer.Decode(ids));
        Assert.Equal(1 + 3 + 1 + 1 + 1, ids.Length);
    }

    [Theory]
    [InlineData("say hi there", new[] { "s", "a", "y", " ", "#5", " ", "t", "h", "e", "r", "e" })]   // hi alone: matched
    [InlineData("think", new[] { "t", "#5", "n", "k" })]                                             // not single_word: matched inside
    public void An_added_token_is_matched_wherever_it_appears_unless_single_word(string text, string[] expected)
    {
        var tokenizer = ByteLevel(
            """{"type": "ByteLevel", "add_prefix_space": false, "use_regex": false}""",
            """, {"id": 5, "content": "hi", "special": false, "normalized": false}""");

        Assert.Equal(expected, Pieces(tokenizer, text).Select(p => p == "Ġ" ? " " : p));
    }

    [Theory]
    [InlineData("say hi there", true)]
    [InlineData("think", false)]
    [InlineData("hi_there", false)]
    [InlineData("(hi)", true)]
    public void A_single_word_added_token_is_matched_only_between_non_word_characters(string text, bool matched)
    {
        var tokenizer = ByteLevel(
            """{"type": "ByteLevel", "add_prefix_space": false, "use_regex": false}""",
            """, {"id": 5, "content": "hi", "special": false, "normalized": false, "single_word": true}""");

        Assert.Equal(matched, tokenizer.Encode(text).Contains(5));
    }

    [Fact]
    public void Lstrip_and_rstrip_tokens_take_the_white_space_beside_them()
    {
        var tokenizer = ByteLevel(
            """{"type": "ByteLevel", "add_prefix_space": false, "use_regex": false}""",
            """, {"id": 6, "content": "[X]", "special": true, "normalized": false, "lstrip": true, "rstrip": true}""");

        Assert.Equal(["a", "#6", "b"], Pieces(tokenizer, "a  [X] \n b"));
    }

    [Fact]
    public void The_longest_added_token_at_the_leftmost_position_wins()
    {
        var tokenizer = ByteLevel(
            """{"type": "ByteLevel", "add_prefix_space": false, "use_regex": false}""",
            """, {"id": 7, "content": "<a>", "special": true}, {"id": 8, "content": "<a><b>", "special": true}, {"id": 9, "content": "a><b", "special": true}""");

        Assert.Equal(["#8", "x", "#7"], Pieces(tokenizer, "<a><b>x<a>"));
    }
}
