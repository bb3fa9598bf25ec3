using Microsoft.Extensions.Logging;
using ReasonRL.Training.Reports;

namespace ReasonRL.Training.Stages;

/// <summary>The <c>report</c> stage: the run folder's report, written from the folder alone.</summary>
public sealed class ReportStageRunner(ILogger<ReportStageRunner> logger) : IStageRunner
{
    public string Kind => "report";

    public Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var report = RunReport.Write(context.Run.Path);
        logger.LogInformation("Report: {Report}", report);
        return Task.FromResult(new StageResult(context.Stage.EffectiveName, null, new Dictionary<string, double>()));
    }
}
