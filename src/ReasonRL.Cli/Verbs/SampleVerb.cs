using ReasonRL.Cli.CommandLine;

namespace ReasonRL.Cli.Verbs;

internal sealed class SampleVerb : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["sample"],
        "Sample completions of a prompt from a checkpoint",
        [],
        [
            new("checkpoint", "checkpoint folder (config.json, model.safetensors, tokenizer.json)", ValueName: "DIR", Required: true),
            new("prompt", "the question; the chat template is applied unless --raw", ValueName: "TEXT", Required: true),
            new("n", "number of completions", ValueName: "N", Default: "1"),
            new("temperature", "sampling temperature (0 = greedy)", ValueName: "T", Default: "1.0"),
            new("top-k", "keep only the K most likely tokens (0 = off)", ValueName: "K", Default: "0"),
            new("top-p", "nucleus sampling threshold (1 = off)", ValueName: "P", Default: "1.0"),
            new("max-new-tokens", "longest completion", ValueName: "N", Default: "256"),
            new("seed", "sampling seed", ValueName: "S", Default: "1"),
            new("raw", "feed the prompt text as is, without the chat template", OptionArity.Flag),
        ]);

    public Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken) =>
        throw new NotAvailableYetException(Spec.Name);
}
