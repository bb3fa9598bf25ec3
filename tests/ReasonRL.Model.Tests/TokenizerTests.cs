using ReasonRL.Core;
using ReasonRL.Model.Tokenization;

namespace ReasonRL.Model.Tests;

/// <summary>The character-level and byte-level BPE tokenizers: round trips, ids, tokenizer.json, fingerprints.</summary>
public class TokenizerTests
{
    private static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Fixtures", "tiny-bpe", "tokenizer.json");

    [Theory]
    [InlineData("12+34=46")]
    [InlineData("<think>a b</think> <answer>7</answer>")]
    [InlineData("")]
    public void Character_level_text_round_trips(string text)
    {
        var tokenizer = TextTokenizer.CharacterLevel(["0123456789+=", "<>/ abhiknrstwe"]);

        var ids = tokenizer.Encode(text);

        Assert.Equal(text.Length, ids.Length);
        Assert.Equal(text, tokenizer.Decode(ids));
    }

    [Fact]
    public void Special_tokens_take_ids_0_1_2_and_characters_follow_in_code_point_order()
    {
        var forward = TextTokenizer.CharacterLevel(["ba", "c"]);
        var backward = TextTokenizer.CharacterLevel(["c", "ab"]);

        Assert.Equal((0, 1, 2), (forward.PadId, forward.BosId, forward.EosId));
        Assert.Equal([3, 4, 5], forward.Encode("abc"));
        Assert.Equal(6, forward.VocabSize);
        Assert.True(forward.SameAs(backward));
        Assert.Equal(forward.ToJson(), backward.ToJson());
    }

    [Fact]
    public void An_unknown_character_is_an_error_naming_it_and_its_offset()
    {
        var tokenizer = TextTokenizer.CharacterLevel(["abc"]);

        var error = Assert.Throws<InputException>(() => tokenizer.Encode("abé"));

        Assert.Contains("'é' (U+00E9) at offset 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_leaves_out_special_tokens()
    {
        var tokenizer = TextTokenizer.CharacterLevel(["ab"]);

        Assert.Equal("ab", tokenizer.Decode([tokenizer.BosId, .. tokenizer.Encode("ab"), tokenizer.EosId, tokenizer.PadId]));
    }

    [Fact]
    public void A_character_tokenizer_json_loads_back_to_the_identical_tokenizer()
    {
        var original = TextTokenizer.CharacterLevel(["0123456789+-*/=() ", "User: \nAssistant<think></think><answer></answer>", "ü€😀"]);
        var path = Path.Combine(Path.GetTempPath(), $"reasonrl-tok-{Guid.NewGuid():N}.json");
        try
        {
            original.Save(path);
            var loaded = TextTokenizer.Load(path);

            Assert.Equal(TokenizerKind.Character, loaded.Kind);
            Assert.Equal(original.Fingerprint, loaded.Fingerprint);
            Assert.Equal(original.ToJson(), loaded.ToJson());
            Assert.Equal(original.Encode("User: 1+2 😀\nAssistant:"), loaded.Encode("User: 1+2 😀\nAssistant:"));
            Assert.Equal((original.PadId, original.BosId, original.EosId, original.VocabSize), (loaded.PadId, loaded.BosId, loaded.EosId, loaded.VocabSize));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_character_tokenizer_json_is_a_hugging_face_bpe_with_a_fuse_decoder()
    {
        using var json = System.Text.Json.JsonDocument.Parse(TextTokenizer.CharacterLevel(["ab"]).ToJson());
        var root = json.RootElement;

        Assert.Equal("BPE", root.GetProperty("model").GetProperty("type").GetString());
        Assert.Equal(0, root.GetProperty("model").GetProperty("merges").GetArrayLength());
        Assert.Equal(4, root.GetProperty("model").GetProperty("vocab").GetProperty("b").GetInt32());
        Assert.Equal("Fuse", root.GetProperty("decoder").GetProperty("type").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, root.GetProperty("pre_tokenizer").ValueKind);
        Assert.Equal(TextTokenizer.EosToken, root.GetProperty("added_tokens")[2].GetProperty("content").GetString());
        Assert.True(root.GetProperty("added_tokens")[2].GetProperty("special").GetBoolean());
    }

    // Hand-computed from the fixture: bytes are ids 1..256 (GPT-2's byte map, so ' ' is 'Ġ' at id 33), then the
    // merges in order: Ġt=257, he=258, Ġthe=259, ll=260, ell=261, hell=262, hello=263, Ġw=264, or=265, Ġwor=266,
    // ld=267, Ġworld=268. BPE merges the lowest-ranked pair first, so "hello" is he + ll + o (o is byte 111 → 112).
    [Theory]
    [InlineData("hello world!", new[] { 258, 260, 112, 268, 34 })]
    [InlineData(" the", new[] { 259 })]
    [InlineData("the<|endoftext|>", new[] { 117, 258, 0 })]
    public void The_byte_level_bpe_fixture_encodes_to_the_hand_computed_ids(string text, int[] expected)
    {
        var tokenizer = TextTokenizer.Load(FixturePath);

        Assert.Equal(TokenizerKind.ByteLevelBpe, tokenizer.Kind);
        Assert.Equal(expected, tokenizer.Encode(text));
    }

    [Theory]
    [InlineData("hello world! the end.")]
    [InlineData("Grüße, 世界 😀\n\ttabs")]
    public void Byte_level_text_round_trips_through_the_fixture(string text)
    {
        var tokenizer = TextTokenizer.Load(FixturePath);

        Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
    }

    [Fact]
    public void A_bpe_tokenizer_finds_its_end_token_and_is_saved_byte_for_byte()
    {
        var tokenizer = TextTokenizer.Load(FixturePath);

        Assert.Equal((0, 0, 0), (tokenizer.EosId, tokenizer.BosId, tokenizer.PadId));
        Assert.Equal(269, tokenizer.VocabSize);
        Assert.Equal(File.ReadAllText(FixturePath), tokenizer.ToJson());
        Assert.False(tokenizer.SameAs(TextTokenizer.CharacterLevel(["abc"])));
    }

    [Fact]
    public void An_unsupported_tokenizer_json_is_refused_with_the_file_and_field()
    {
        var error = Assert.Throws<InputException>(() => TextTokenizer.FromJson("""{"model": {"type": "WordPiece", "vocab": {}}}""", "x/tokenizer.json"));

        Assert.Contains("x/tokenizer.json:1:20: field 'model.type'", error.Message, StringComparison.Ordinal);
        Assert.Contains("WordPiece", error.Message, StringComparison.Ordinal);
    }
}
