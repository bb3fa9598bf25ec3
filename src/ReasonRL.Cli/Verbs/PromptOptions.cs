using ReasonRL.Cli.CommandLine;
using ReasonRL.Core.Json;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Tokenization;

namespace ReasonRL.Cli.Verbs;

/// <summary>
/// The <c>--prompt-template</c> option of the verbs that put a question in front of a checkpoint (<c>sample</c>,
/// <c>score</c>, <c>eval</c>, <c>distill generate</c>): by default the template the checkpoint was trained with
/// (<see cref="PromptFormat.FileName"/>, R1's when it records none); <c>--raw</c>, where a verb has it, is
/// <c>--prompt-template raw</c>.
/// </summary>
internal static class PromptOptions
{
    public static OptionSpec Spec { get; } = new(
        "prompt-template",
        "how questions are shown to the model: r1, chat (the tokenizer's chat template) or raw (default: the template the checkpoint records, else r1)",
        ValueName: "TEMPLATE",
        Values: SnakeCase.NamesOf(typeof(PromptTemplate)));

    /// <summary>The prompt builder the options choose for the checkpoint in <paramref name="folder"/>.</summary>
    public static PromptBuilder From(ParsedArguments arguments, string folder, TextTokenizer tokenizer)
    {
        var chosen = arguments.Enum<PromptTemplate>("prompt-template");
        if (arguments.Verb.Options.Any(o => o.Name == "raw") && arguments.Flag("raw"))
        {
            chosen = chosen is null or PromptTemplate.Raw
                ? PromptTemplate.Raw
                : throw new UsageException($"--raw and --prompt-template {SnakeCase.From(chosen.Value.ToString())} contradict each other", arguments.Verb);
        }

        var recorded = PromptFormat.Read(folder);
        var format = chosen is { } template && template != recorded.Template ? new PromptFormat(template) : recorded;
        return PromptBuilder.For(tokenizer, format, folder);
    }
}
