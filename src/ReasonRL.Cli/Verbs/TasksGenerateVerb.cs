using ReasonRL.Cli.CommandLine;

namespace ReasonRL.Cli.Verbs;

internal sealed class TasksGenerateVerb : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["tasks", "generate"],
        "Generate problems of a task family as JSON Lines",
        [new("FAMILY", "task family: arithmetic, countdown, cipher, code")],
        [
            new("count", "number of problems", ValueName: "N", Required: true),
            new("seed", "generator seed; the same seed gives the same problems", ValueName: "S", Required: true),
            new("difficulty", "one difficulty level (default: a uniform mix of the family's levels)", ValueName: "D"),
            new("split", "train or test (held-out); the two never share a problem", ValueName: "SPLIT", Default: "train"),
            new("with-solution", "also write a reference completion: direct, steps or steps_with_verification", ValueName: "STYLE"),
            new("out", "output file (default: standard output); written atomically", ValueName: "FILE"),
        ]);

    public Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken) =>
        throw new NotAvailableYetException(Spec.Name);
}
