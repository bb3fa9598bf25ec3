using System.Text.Json;
using ReasonRL.Core;
using ReasonRL.Core.Text;
using ReasonRL.Model.Tokenization;

namespace ReasonRL.Model.Prompts;

/// <summary>
/// Builds what a model is conditioned on for a question, in one <see cref="PromptFormat"/>: the prompt text
/// (<see cref="Text"/>, as samples and distillation records show it) and its token ids (<see cref="Ids"/>). Every
/// stage and command that puts a problem in front of a model goes through one of these, so a recipe's
/// <c>prompt_template</c> means the same for sampling, training, evaluation and scoring.
/// </summary>
/// <remarks>
/// <c>r1</c> and <c>raw</c> prompts are encoded after the tokenizer's bos token, as the project's models are trained;
/// a <c>chat</c> prompt is encoded as rendered, without special tokens added, because the template itself writes the
/// ones the model expects (Llama-3's <c>{{ bos_token }}</c>, Qwen's none), as transformers' <c>apply_chat_template</c>
/// does.
/// </remarks>
public sealed class PromptBuilder
{
    private readonly ChatTemplate? _chat;

    private PromptBuilder(TextTokenizer tokenizer, PromptFormat format, ChatTemplate? chat)
    {
        Tokenizer = tokenizer;
        Format = format;
        _chat = chat;
    }

    public TextTokenizer Tokenizer { get; }

    public PromptFormat Format { get; }

    /// <summary>The R1 template over <paramref name="tokenizer"/>: what every stage used before templates were a choice.</summary>
    public static PromptBuilder R1(TextTokenizer tokenizer) => new(tokenizer, PromptFormat.R1, null);

    /// <summary>
    /// A builder of <paramref name="format"/> over <paramref name="tokenizer"/>; <c>chat</c> needs the tokenizer's
    /// chat template, and its absence is an <see cref="InputException"/> naming <paramref name="model"/> (the
    /// checkpoint folder the tokenizer came from).
    /// </summary>
    public static PromptBuilder For(TextTokenizer tokenizer, PromptFormat format, string model)
    {
        if (format.Template != PromptTemplate.Chat)
        {
            return new PromptBuilder(tokenizer, format, null);
        }

        var config = Path.Combine(model, "tokenizer_config.json");
        var chat = ChatTemplate.Of(tokenizer, config)
            ?? throw new InputException($"{model}: prompt_template: chat needs a chat template, but {config} has no chat_template (use prompt_template: r1 or raw)");
        return new PromptBuilder(tokenizer, format, chat);
    }

    /// <summary>The prompt text of <paramref name="question"/> in this format.</summary>
    public string Text(string question) => Format.Template switch
    {
        PromptTemplate.R1 => R1Template.Prompt(question),
        PromptTemplate.Raw => question,
        PromptTemplate.Chat => _chat!.Render(Messages(question), addGenerationPrompt: true),
        _ => throw new ArgumentOutOfRangeException(nameof(Format), Format.Template, null),
    };

    /// <summary>The token ids of <paramref name="question"/> in this format: what the sampler and the trainers feed the model.</summary>
    public int[] Ids(string question) => IdsOfText(Text(question));

    /// <summary>
    /// The token ids of a prompt text already in this format (<see cref="Text"/>'s output, e.g. the <c>prompt</c> of a
    /// distillation record): after the bos token for <c>r1</c> and <c>raw</c>, as it is for <c>chat</c>.
    /// </summary>
    public int[] IdsOfText(string prompt) =>
        Format.Template == PromptTemplate.Chat ? Tokenizer.Encode(prompt) : [Tokenizer.BosId, .. Tokenizer.Encode(prompt)];

    /// <summary>The conversation of one question: the optional system message, then the question as the user's turn.</summary>
    private JsonElement Messages(string question)
    {
        var messages = new List<Dictionary<string, string>>();
        if (Format.SystemPrompt is { } system)
        {
            messages.Add(new() { ["role"] = "system", ["content"] = system });
        }

        messages.Add(new() { ["role"] = "user", ["content"] = question });
        return JsonSerializer.SerializeToElement(messages);
    }
}
