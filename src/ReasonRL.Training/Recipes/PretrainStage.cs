namespace ReasonRL.Training.Recipes;

/// <summary>Next-token training of a fresh model on a synthetic corpus built from task families.</summary>
[StageKind("pretrain")]
public sealed record PretrainStage : StageSection, IValidatedSection
{
    /// <summary>The architecture of the model to train from scratch.</summary>
    public ModelSection Model { get; init; } = new();

    /// <summary>What the model is trained on.</summary>
    public CorpusSection Corpus { get; init; } = new();

    public OptimizerSection Optimizer { get; init; } = new() { LearningRate = 3e-3, WarmupSteps = 100 };

    /// <summary>Optimizer steps.</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>Sequences per step; each is <c>model.context_length</c> tokens of packed documents.</summary>
    public int BatchSize { get; init; } = 32;

    public IEnumerable<SectionProblem> Validate()
    {
        if (Steps <= 0) yield return new("steps", $"must be positive, got {Steps}");
        if (BatchSize <= 0) yield return new("batch_size", $"must be positive, got {BatchSize}");
    }
}
