using ReasonRL.Core.Distillation;

namespace ReasonRL.Training.Recipes;

/// <summary>
/// Builds a distillation dataset from a teacher (what <c>reasonrl distill generate</c> does), as a recipe stage: N
/// samples per training problem, verified, kept by rule, deduplicated, written to <c>dataset.jsonl</c> in the stage
/// folder with <c>dataset.jsonl.stats.json</c> beside it. Later stages read it with <c>data: {from: NAME}</c>.
/// </summary>
[StageKind("distill_data")]
public sealed record DistillDataStage : StageSection, ITeacherInput, IDatasetOutput, IValidatedSection
{
    /// <summary>The teacher: an earlier stage's name or a checkpoint folder.</summary>
    public string? Teacher { get; init; }

    /// <summary>The problems to prompt the teacher with: <c>count</c> train-split problems from families, or a file's first <c>count</c> (all when 0).</summary>
    public ProblemsSection Problems { get; init; } = new();

    /// <summary>N: completions sampled per problem.</summary>
    public int Samples { get; init; } = 8;

    public KeepRule Keep { get; init; } = KeepRule.AllCorrect;

    public SamplingSection Sampling { get; init; } = new();

    public IEnumerable<SectionProblem> Validate()
    {
        if (Teacher is null) yield return new("teacher", "name the stage or checkpoint folder of the teacher");
        if (Samples < 1) yield return new("samples", $"must be at least 1, got {Samples}");
    }
}
