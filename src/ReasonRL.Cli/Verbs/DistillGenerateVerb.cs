using ReasonRL.Cli.CommandLine;

namespace ReasonRL.Cli.Verbs;

internal sealed class DistillGenerateVerb : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["distill", "generate"],
        "Build a distillation dataset: sample from a teacher, verify, keep by rule, write TRL prompt/completion JSONL",
        [],
        [
            new("teacher", "teacher checkpoint folder", ValueName: "DIR", Required: true),
            new("problems", "problem records to prompt the teacher with", ValueName: "FILE", Required: true),
            new("samples", "completions sampled per problem", ValueName: "N", Required: true),
            new("keep", "which verified completions to keep: all_correct, best_of_n or first_correct", ValueName: "RULE", Default: "all_correct"),
            new("out", "dataset file; statistics go beside it", ValueName: "FILE", Required: true),
            new("temperature", "sampling temperature", ValueName: "T", Default: "1.0"),
            new("seed", "sampling seed", ValueName: "S", Default: "1"),
        ]);

    public Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken) =>
        throw new NotAvailableYetException(Spec.Name);
}
