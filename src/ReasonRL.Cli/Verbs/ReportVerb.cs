using Microsoft.Extensions.Logging;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Training.Reports;
using ReasonRL.Training.Runs;

namespace ReasonRL.Cli.Verbs;

internal sealed class ReportVerb(ILogger<ReportVerb> logger) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["report"],
        "Write report.html and plots/*.png for a run folder, from the folder alone",
        [new("RUN_DIR", "the run folder (runs/<name>)")],
        []);

    public Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        var run = RunFolder.Existing(arguments.RequiredArgument("RUN_DIR"));
        var report = RunReport.Write(run.Path);
        logger.LogInformation("Report: {Report}", report);
        return Task.FromResult(ReasonRLApp.Success);
    }
}
