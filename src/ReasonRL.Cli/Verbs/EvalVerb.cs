using ReasonRL.Cli.CommandLine;

namespace ReasonRL.Cli.Verbs;

internal sealed class EvalVerb : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["eval"],
        "Evaluate: pass@1, pass@k, maj@k and mean length, offline from scored completions or online from a checkpoint",
        [],
        [
            new("input", "offline: scored completions (the output of 'reasonrl verify'), grouped by problem id", ValueName: "FILE"),
            new("k", "k of pass@k and maj@k", ValueName: "K"),
            new("checkpoint", "online: the model to sample from", ValueName: "DIR"),
            new("problems", "online: problem records to evaluate on", ValueName: "FILE"),
            new("samples", "online: completions sampled per problem", ValueName: "K"),
            new("temperature", "online: sampling temperature", ValueName: "T", Default: "1.0"),
            new("out", "online: where to write the scored completions (so 'eval --input' reproduces the numbers)", ValueName: "FILE"),
            new("json", "print one JSON object instead of a table", OptionArity.Flag),
        ],
        "Offline:  reasonrl eval --input scored.jsonl --k 8\nOnline:   reasonrl eval --checkpoint runs/x/base/final --problems test.jsonl --samples 8");

    public Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken) =>
        throw new NotAvailableYetException(Spec.Name);
}
