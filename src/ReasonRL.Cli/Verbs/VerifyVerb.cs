using ReasonRL.Cli.CommandLine;

namespace ReasonRL.Cli.Verbs;

internal sealed class VerifyVerb : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["verify"],
        "Score completions: problem records with a \"completion\" field in, the same records with a \"verdict\" out",
        [],
        [
            new("input", "JSON Lines of problem records, each with a \"completion\" string", ValueName: "FILE", Required: true),
            new("out", "output file (default: standard output); nothing is written if any line is malformed", ValueName: "FILE"),
            new("verifier", "verifier to apply (default: correctness, i.e. each problem's family verifier)", OptionArity.Multiple, "NAME"),
        ]);

    public Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken) =>
        throw new NotAvailableYetException(Spec.Name);
}

