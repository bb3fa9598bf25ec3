using ReasonRL.Core;
using ReasonRL.Model.Tokenization;

namespace ReasonRL.Model.Tests.Tokenization;

/// <summary>
/// A malformed or unsupported tokenizer.json / tokenizer_config.json is refused with one message naming the file,
/// line, column and field (never a stack trace or a half-built tokenizer).
/// </summary>
public class MalformedTokenizerTests
{
    private const string Vocab = "\"vocab\": {\"a\": 0, \"b\": 1, \"ab\": 2, \"</s>\": 3}";

    private static string File(string model, string rest = "") =>
        "{\"added_tokens\": [{\"id\": 3, \"content\": \"</s>\", \"special\": true}],\n" + rest + "\"model\": {\"type\": \"BPE\", " + model + "}}";

    public static TheoryData<string, string> Cases => new()
    {
        { "{\"model\": ", "t.json:1:11: not valid JSON" },
        { "[1, 2]", "t.json:1:1: field '': expected an object, got an array" },
        { "{\"added_tokens\": []}", "t.json:1:1: field 'model': missing" },
        { "{\"model\": {\"type\": \"Unigram\", \"vocab\": []}}", "field 'model.type': a Unigram model (T5, ALBERT" },
        { "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}", "field 'model.type': a WordPiece model (BERT)" },
        { "{\"model\": {\"type\": \"WordLevel\", \"vocab\": {}}}", "field 'model.type': a WordLevel model" },
        { "{\"model\": {\"type\": 7}}", "t.json:1:20: field 'model.type': expected a string, got the number 7" },
        { File("\"merges\": []"), "field 'model.vocab': missing" },
        { File("\"vocab\": [\"a\"]"), "field 'model.vocab': expected an object, got an array" },
        { File("\"vocab\": {\"a\": -1}"), "t.json:2:41: field 'model.vocab.a': expected a non-negative integer, got the number -1" },
        { File("\"vocab\": {\"a\": \"zero\"}"), "field 'model.vocab.a': expected a non-negative integer, got the string \"zero\"" },
        { File(Vocab + ", \"merges\": \"a b\""), "field 'model.merges': expected an array, got the string \"a b\"" },
        { File(Vocab + ", \"merges\": [\"a b c\"]"), "field 'model.merges[0]': expected \"left right\" or [\"left\", \"right\"]" },
        { File(Vocab + ", \"merges\": [[\"a\"]]"), "field 'model.merges[0]': expected \"left right\"" },
        { File(Vocab + ", \"merges\": [\"a b\", \"a z\"]"), "field 'model.merges[1]': merges 'z', which is not in model.vocab" },
        { File(Vocab + ", \"unk_token\": \"<unk>\""), "field 'model.unk_token': '<unk>' is not in model.vocab" },
        { File(Vocab + ", \"dropout\": 0.1"), "field 'model.dropout': BPE dropout is a training-time option" },
        { File(Vocab + ", \"byte_fallback\": \"yes\""), "field 'model.byte_fallback': expected true or false, got the string \"yes\"" },
        { File(Vocab, "\"normalizer\": {\"type\": \"BertNormalizer\"},\n"), "field 'normalizer.type': normalizer 'BertNormalizer' is not supported; supported: NFC, NFD" },
        { File(Vocab, "\"normalizer\": {\"type\": \"Replace\", \"pattern\": {\"Glob\": \"*\"}, \"content\": \"\"},\n"), "field 'normalizer.pattern': expected {\"String\": \"...\"} or {\"Regex\": \"...\"}" },
        { File(Vocab, "\"normalizer\": {\"type\": \"Replace\", \"pattern\": {\"Regex\": \"(\"}, \"content\": \"\"},\n"), "field 'normalizer.pattern.Regex': not a regular expression .NET can run" },
        { File(Vocab, "\"normalizer\": {\"type\": \"Sequence\", \"normalizers\": [{\"type\": \"NFC\"}, {\"type\": \"Precompiled\"}]},\n"), "field 'normalizer.normalizers[1].type': normalizer 'Precompiled' is not supported" },
        { File(Vocab, "\"pre_tokenizer\": {\"type\": \"BertPreTokenizer\"},\n"), "field 'pre_tokenizer.type': pre_tokenizer 'BertPreTokenizer' is not supported" },
        { File(Vocab, "\"pre_tokenizer\": {\"type\": \"Split\", \"pattern\": {\"String\": \" \"}, \"behavior\": \"Glued\"},\n"), "field 'pre_tokenizer.behavior': 'Glued' is not a split behavior" },
        { File(Vocab, "\"pre_tokenizer\": {\"type\": \"Metaspace\", \"replacement\": \"__\"},\n"), "field 'pre_tokenizer.replacement': expected one character, got \"__\"" },
        { File(Vocab, "\"pre_tokenizer\": {\"type\": \"Metaspace\", \"prepend_scheme\": \"sometimes\"},\n"), "field 'pre_tokenizer.prepend_scheme': 'sometimes' is not one of: always, first, never" },
        { File(Vocab, "\"pre_tokenizer\": {\"type\": \"Sequence\"},\n"), "field 'pre_tokenizer.pretokenizers': missing" },
        { File(Vocab, "\"decoder\": {\"type\": \"WordPiece\"},\n"), "field 'decoder.type': decoder 'WordPiece' is not supported" },
        { File(Vocab, "\"decoder\": {\"type\": \"Strip\", \"content\": \" \", \"start\": 1},\n"), "field 'decoder.stop': missing" },
        { "{\"added_tokens\": [{\"id\": 0}], \"model\": {\"type\": \"BPE\", " + Vocab + "}}", "field 'added_tokens[0].content': missing" },
        { "{\"added_tokens\": [{\"id\": 0, \"content\": \"\"}], \"model\": {\"type\": \"BPE\", " + Vocab + "}}", "field 'added_tokens[0].content': an added token cannot be empty" },
        { "{\"added_tokens\": [{\"id\": \"x\", \"content\": \"<s>\"}], \"model\": {\"type\": \"BPE\", " + Vocab + "}}", "field 'added_tokens[0].id': expected a non-negative integer" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_malformed_tokenizer_json_is_refused_with_file_line_column_and_field(string json, string message)
    {
        var error = Assert.Throws<InputException>(() => TextTokenizer.FromJson(json, "t.json"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("t.json:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"chat_template\": 5}", "c.json:1:19: field 'chat_template': expected a string, got the number 5")]
    [InlineData("{\"chat_template\": [{\"name\": \"tool_use\", \"template\": \"x\"}]}", "field 'chat_template': a list of chat templates needs one named \"default\" (names: tool_use)")]
    [InlineData("{\"eos_token\": {\"lstrip\": false}}", "field 'eos_token.content': missing")]
    [InlineData("{\"clean_up_tokenization_spaces\": \"no\"}", "field 'clean_up_tokenization_spaces': expected true or false")]
    [InlineData("{\"eos_token\": \"</s>\",", "c.json:1:21: not valid JSON")]
    public void A_malformed_tokenizer_config_is_refused_with_file_line_column_and_field(string config, string message)
    {
        var json = File("\"vocab\": {\"a\": 0, \"</s>\": 3}");

        var error = Assert.Throws<InputException>(() => TextTokenizer.FromJson(json, "t.json", config, "c.json"));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{% if x %}", "line 1: 'if' without 'endif'")]
    [InlineData("{{ 1 + }}", "line 1: expected a value, found '}}'")]
    [InlineData("a\n{% endfor %}", "line 2: 'endfor' without a matching opening tag")]
    [InlineData("{% call x %}", "'call' is not a statement this Jinja subset knows")]
    [InlineData("{{ 'open }}", "is never closed")]
    public void A_malformed_chat_template_is_refused_with_its_line(string template, string message)
    {
        var error = Assert.Throws<InputException>(() => new ChatTemplate(template, "<s>", "</s>", "tokenizer_config.json"));

        Assert.Contains("tokenizer_config.json: field 'chat_template': ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
