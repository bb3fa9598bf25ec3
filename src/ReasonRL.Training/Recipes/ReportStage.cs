namespace ReasonRL.Training.Recipes;

/// <summary>Writes <c>report.html</c> and <c>plots/</c> for the run so far (usually the last stage).</summary>
[StageKind("report")]
public sealed record ReportStage : StageSection;
