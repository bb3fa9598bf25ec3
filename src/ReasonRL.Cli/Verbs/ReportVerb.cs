using ReasonRL.Cli.CommandLine;

namespace ReasonRL.Cli.Verbs;

internal sealed class ReportVerb : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["report"],
        "Write report.html and plots/*.png for a run folder, from the folder alone",
        [new("RUN_DIR", "the run folder (runs/<name>)")],
        []);

    public Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken) =>
        throw new NotAvailableYetException(Spec.Name);
}
