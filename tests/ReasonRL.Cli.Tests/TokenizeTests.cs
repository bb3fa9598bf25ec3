using System.Text.Json;

namespace ReasonRL.Cli.Tests;

/// <summary><c>reasonrl tokenize</c>: the contract of DESIGN.md on the small real-style tokenizers of the model tests.</summary>
public sealed class TokenizeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Fixture(string name)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "tests", "ReasonRL.Model.Tests", "Fixtures", "tokenizers", name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"no tokenizer fixture {name} above {AppContext.BaseDirectory}");
    }

    private static List<JsonElement> Lines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];

    private static int[] Ids(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];

    [Fact]
    public async Task Texts_get_the_ids_hugging_face_gives_them()
    {
        using var references = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixture("references"), "qwen2-style.json")));
        var cases = references.RootElement.GetProperty("cases").EnumerateArray().ToList();
        var input = _folder.Write("texts.jsonl", [.. cases.Select(c => JsonSerializer.Serialize(new { text = c.GetProperty("text").GetString() }))]);

        var (exitCode, output, error) = await CliRunner.RunAsync("tokenize", "--tokenizer", Fixture("qwen2-style"), "--input", input);

        Assert.True(exitCode == 0, error);
        var lines = Lines(output);
        Assert.Equal(cases.Count, lines.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.Equal(Ids(cases[i].GetProperty("ids")), Ids(lines[i].GetProperty("ids")));
        }
    }

    [Fact]
    public async Task A_conversation_is_rendered_by_the_chat_template_with_the_generation_prompt_and_encoded()
    {
        var input = _folder.Write("chat.jsonl", ["""{"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "2+2?"}]}"""]);

        var (exitCode, output, error) = await CliRunner.RunAsync("tokenize", "--tokenizer", Fixture("qwen2-style"), "--input", input, "--chat");

        Assert.True(exitCode == 0, error);
        var line = Lines(output).Single();
        // Qwen3's template: the rendered text is plain ChatML; <|im_start|> (151644) and <|im_end|> (151645) are single ids.
        Assert.Equal("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n2+2?<|im_end|>\n<|im_start|>assistant\n", line.GetProperty("text").GetString());
        var ids = line.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(151644, ids[0]);
        Assert.Equal(3, ids.Count(id => id == 151644));
        Assert.Equal(2, ids.Count(id => id == 151645));
    }

    [Theory]
    [InlineData(false, """{"txt": "a"}""", "in.jsonl:2: field 'text': missing")]
    [InlineData(true, """{"messages": []}""", "in.jsonl:2: field 'messages': expected a non-empty array")]
    [InlineData(true, """{"messages": [{"content": "hi"}]}""", "in.jsonl:2: field 'messages[0]': expected an object with a string \"role\"")]
    [InlineData(true, """{"messages": [{"role": "user", "content": "hi"}], "tools": {}}""", "in.jsonl:2: field 'tools': expected an array")]
    public async Task A_bad_line_names_its_file_line_and_field_and_prints_nothing(bool chat, string badLine, string message)
    {
        var good = chat ? """{"messages": [{"role": "user", "content": "hi"}]}""" : """{"text": "hi"}""";
        var input = _folder.Write("in.jsonl", [good, badLine]);
        string[] args = ["tokenize", "--tokenizer", Fixture("qwen2-style"), "--input", input];

        var (exitCode, output, error) = await CliRunner.RunAsync(chat ? [.. args, "--chat"] : args);

        Assert.Equal(2, exitCode);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Equal("", output);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_with_a_tokenizer_that_has_no_template_is_refused_by_name()
    {
        var input = _folder.Write("in.jsonl", ["""{"messages": [{"role": "user", "content": "hi"}]}"""]);

        var (exitCode, _, error) = await CliRunner.RunAsync("tokenize", "--tokenizer", Fixture("llama2-style"), "--input", input, "--chat");

        Assert.Equal(2, exitCode);
        Assert.Contains("no chat_template", error, StringComparison.Ordinal);
    }
}
