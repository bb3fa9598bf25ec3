using System.Text.Json;
using ReasonRL.Core;
using ReasonRL.Model.Tokenization;

namespace ReasonRL.Model.Tests.Tokenization;

/// <summary>
/// Ten real chat templates (Qwen2.5, Qwen3, Llama-3, Llama-3.1, DeepSeek-V3, Gemma-3, SmolLM2, Mistral v0.1,
/// Llama-2-chat, Zephyr/TinyLlama) over ten conversations, with and without the generation prompt, render exactly as
/// @huggingface/jinja renders them (tables made by tools/tokenizer-references/make-chat-template-references.mjs);
/// where it raises (a conversation the template refuses), ReasonRL refuses too.
/// </summary>
public class ChatTemplateReferenceTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "chat-templates");

    public static TheoryData<string> TemplateNames =>
        ["qwen2.5", "qwen3", "llama3", "llama3.1", "deepseek-v3", "gemma3", "smollm2", "mistral-v0.1", "llama2-chat", "zephyr"];

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void A_real_chat_template_renders_every_conversation_as_hugging_face_jinja_does(string name)
    {
        using var conversations = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "conversations.json")));
        using var references = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "references.json")));
        var rows = references.RootElement.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("template").GetString() == name).ToList();
        Assert.Equal(20, rows.Count);
        var failures = new List<string>();
        foreach (var row in rows)
        {
            var template = new ChatTemplate(
                File.ReadAllText(Path.Combine(Folder, $"{name}.jinja")),
                row.GetProperty("bos_token").GetString(),
                row.GetProperty("eos_token").GetString(),
                $"{name}.jinja");
            var conversation = conversations.RootElement.GetProperty(row.GetProperty("conversation").GetString()!);
            var label = $"{row.GetProperty("conversation").GetString()} (add_generation_prompt {row.GetProperty("add_generation_prompt").GetBoolean()})";
            string? rendered;
            try
            {
                rendered = template.Render(
                    conversation.GetProperty("messages"),
                    row.GetProperty("add_generation_prompt").GetBoolean(),
                    conversation.TryGetProperty("tools", out var tools) ? tools : null,
                    new Dictionary<string, object?> { ["date_string"] = "26 Jul 2024" });
            }
            catch (InputException e)
            {
                rendered = null;
                if (row.GetProperty("error").ValueKind == JsonValueKind.Null)
                {
                    failures.Add($"{label}: refused ({e.Message}) but Hugging Face renders it");
                }

                continue;
            }

            if (row.GetProperty("error").ValueKind != JsonValueKind.Null)
            {
                failures.Add($"{label}: rendered, but Hugging Face refuses it ({row.GetProperty("error").GetString()})");
            }
            else if (rendered != row.GetProperty("rendered").GetString())
            {
                var expected = row.GetProperty("rendered").GetString()!;
                var at = Enumerable.Range(0, Math.Min(expected.Length, rendered.Length)).FirstOrDefault(i => expected[i] != rendered[i], Math.Min(expected.Length, rendered.Length));
                failures.Add($"{label}: first difference at {at}:\nexpected {JsonSerializer.Serialize(expected[Math.Max(0, at - 40)..])}\n     got {JsonSerializer.Serialize(rendered[Math.Max(0, at - 40)..])}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {rows.Count} differ:\n" + string.Join('\n', failures));
    }
}
