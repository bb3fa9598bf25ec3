using System.Text;
using System.Text.Json;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Core.Json;
using ReasonRL.Model.Tokenization;

namespace ReasonRL.Cli.Verbs;

/// <summary>
/// <c>reasonrl tokenize</c>: how a model sees text. Each input line <c>{"text": …}</c> becomes <c>{"ids": […]}</c>
/// (encoded without adding special tokens); with <c>--chat</c>, each <c>{"messages": […], "tools": […]?}</c> is
/// rendered by the tokenizer's chat template with the generation prompt and becomes <c>{"ids": […], "text": …}</c>.
/// All lines are checked before anything is printed, so a bad line leaves no partial output.
/// </summary>
internal sealed class TokenizeVerb(CliConsole console) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["tokenize"],
        "Token ids of texts, or of conversations rendered by the chat template (how a model sees a prompt)",
        [],
        [
            new("tokenizer", "a folder with tokenizer.json (and tokenizer_config.json), e.g. a checkpoint or a Hugging Face model folder", ValueName: "DIR", Required: true),
            new("input", "JSON Lines input (default: standard input)", ValueName: "FILE", Default: "-"),
            new("chat", "lines are {\"messages\": [...]} rendered by the chat template with the generation prompt", OptionArity.Flag),
        ],
        "Output, one line per input line: {\"ids\": [...]} (with --chat also \"text\", the rendered template).\n" +
        "Example:  echo '{\"messages\": [{\"role\": \"user\", \"content\": \"2+2?\"}]}' | reasonrl tokenize --tokenizer qwen2.5-0.5b --chat");

    public async Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        var folder = arguments.String("tokenizer")!;
        var tokenizer = TextTokenizer.Load(folder);
        var chat = arguments.Flag("chat");
        var template = chat
            ? ChatTemplate.Of(tokenizer, Path.Combine(folder, "tokenizer_config.json"))
              ?? throw new Core.InputException($"{Path.Combine(folder, "tokenizer_config.json")}: no chat_template, so --chat cannot render conversations")
            : null;

        var output = new StringBuilder();
        foreach (var line in Jsonl.Read(arguments.String("input")!))
        {
            cancellationToken.ThrowIfCancellationRequested();
            output.Append(template is null ? EncodeText(tokenizer, line) : EncodeChat(tokenizer, template, line)).Append('\n');
        }

        await console.Out.WriteAsync(output.ToString()).ConfigureAwait(false);
        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ReasonRLApp.Success;
    }

    private static string EncodeText(TextTokenizer tokenizer, JsonlLine line) =>
        JsonSerializer.Serialize(new { ids = tokenizer.Encode(line.RequireString("text")) });

    private static string EncodeChat(TextTokenizer tokenizer, ChatTemplate template, JsonlLine line)
    {
        var messages = line.Require("messages");
        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw line.Error("messages", "expected a non-empty array of {\"role\": ..., \"content\": ...}");
        }

        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            {
                throw line.Error($"messages[{index}]", "expected an object with a string \"role\"");
            }

            index++;
        }

        JsonElement? tools = line.Has("tools") ? line.Require("tools") : null;
        if (tools is { ValueKind: not JsonValueKind.Array })
        {
            throw line.Error("tools", "expected an array of tool definitions");
        }

        string text;
        try
        {
            text = template.Render(messages, addGenerationPrompt: true, tools);
        }
        catch (Core.InputException e)
        {
            throw line.Error("messages", e.Message);
        }

        return JsonSerializer.Serialize(new { ids = tokenizer.Encode(text), text }, JsonOptions);
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
