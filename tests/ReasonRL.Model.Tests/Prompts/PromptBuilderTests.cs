using System.Text.Json;
using ReasonRL.Core;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Tests.Tokenization;
using ReasonRL.Model.Tokenization;

namespace ReasonRL.Model.Tests.Prompts;

/// <summary>
/// Each prompt template gives exactly the text and ids Hugging Face's JS ports give (tables made by
/// tools/tokenizer-references/make-prompt-template-references.mjs) on a Qwen2.5-style and the real Llama-3 tokenizer:
/// r1 and raw after the bos token, chat as transformers' apply_chat_template with the generation prompt (no bos added
/// beyond what the template writes).
/// </summary>
public class PromptBuilderTests
{
    private static readonly string References = Path.Combine(AppContext.BaseDirectory, "Fixtures", "prompt-templates.json");

    public static TheoryData<string, string> Cases
    {
        get
        {
            using var document = JsonDocument.Parse(File.ReadAllText(References));
            var data = new TheoryData<string, string>();
            foreach (var key in document.RootElement.GetProperty("rows").EnumerateArray()
                .Select(r => (r.GetProperty("tokenizer").GetString()!, r.GetProperty("format").GetString()!)).Distinct())
            {
                data.Add(key.Item1, key.Item2);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_template_gives_the_text_and_ids_hugging_face_gives(string tokenizerName, string format)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(References));
        var system = document.RootElement.GetProperty("system_prompt").GetString();
        var rows = document.RootElement.GetProperty("rows").EnumerateArray()
            .Where(r => r.GetProperty("tokenizer").GetString() == tokenizerName && r.GetProperty("format").GetString() == format).ToList();
        Assert.Equal(2, rows.Count);
        var folder = Folder(tokenizerName);
        var tokenizer = TextTokenizer.Load(folder);
        var promptFormat = format switch
        {
            "r1" => PromptFormat.R1,
            "raw" => new PromptFormat(PromptTemplate.Raw),
            "chat" => new PromptFormat(PromptTemplate.Chat),
            _ => new PromptFormat(PromptTemplate.Chat, system),
        };
        var prompts = PromptBuilder.For(tokenizer, promptFormat, folder);
        foreach (var row in rows)
        {
            var question = row.GetProperty("question").GetString()!;
            int[] expected = [.. row.GetProperty("ids").EnumerateArray().Select(i => i.GetInt32())];
            if (promptFormat.Template != PromptTemplate.Chat)
            {
                expected = [tokenizer.BosId, .. expected];
            }

            Assert.Equal(row.GetProperty("text").GetString(), prompts.Text(question));
            Assert.Equal(expected, prompts.Ids(question));
            Assert.Equal(expected, prompts.IdsOfText(prompts.Text(question)));
        }
    }

    [Theory]
    [InlineData("qwen2-style", 151643)] // <|endoftext|>: Qwen names no bos token
    [InlineData("npm-llama3", 128000)] // <|begin_of_text|>
    public void R1_and_raw_prompts_start_with_the_bos_token_and_a_chat_prompt_only_with_what_its_template_writes(string tokenizerName, int bos)
    {
        var folder = Folder(tokenizerName);
        var tokenizer = TextTokenizer.Load(folder);

        Assert.Equal(bos, tokenizer.BosId);
        Assert.Equal(bos, PromptBuilder.R1(tokenizer).Ids("1+1")[0]);
        Assert.Equal(bos, PromptBuilder.For(tokenizer, new PromptFormat(PromptTemplate.Raw), folder).Ids("1+1")[0]);
        var chat = PromptBuilder.For(tokenizer, new PromptFormat(PromptTemplate.Chat), folder).Ids("1+1");
        Assert.Equal(tokenizerName == "npm-llama3" ? 1 : 0, chat.Count(id => id == bos));
    }

    [Fact]
    public void The_r1_template_is_the_plain_user_assistant_prompt_after_bos()
    {
        var tokenizer = TextTokenizer.CharacterLevel(["0123456789+", Core.Text.R1Template.Alphabet]);
        var prompts = PromptBuilder.R1(tokenizer);

        Assert.Equal("User: 1+1\nAssistant:", prompts.Text("1+1"));
        Assert.Equal([tokenizer.BosId, .. tokenizer.Encode("User: 1+1\nAssistant:")], prompts.Ids("1+1"));
    }

    [Fact]
    public void Chat_on_a_tokenizer_without_a_chat_template_is_refused_naming_the_checkpoint()
    {
        var folder = TokenizerFixtures.SmallFolder("llama3-style");
        var tokenizer = TextTokenizer.Load(folder);

        var error = Assert.Throws<InputException>(() => PromptBuilder.For(tokenizer, new PromptFormat(PromptTemplate.Chat), folder));

        Assert.Contains(folder, error.Message, StringComparison.Ordinal);
        Assert.Contains("prompt_template: chat", error.Message, StringComparison.Ordinal);
        Assert.Contains("no chat_template", error.Message, StringComparison.Ordinal);
    }

    private static string Folder(string tokenizerName) =>
        tokenizerName.StartsWith("npm-", StringComparison.Ordinal)
            ? TokenizerFixtures.RealFolder(tokenizerName["npm-".Length..])
            : TokenizerFixtures.SmallFolder(tokenizerName);
}
