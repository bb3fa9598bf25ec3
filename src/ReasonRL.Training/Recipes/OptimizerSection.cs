namespace ReasonRL.Training.Recipes;

/// <summary>Learning-rate schedule after warmup (YAML: <c>constant</c> | <c>cosine</c> | <c>linear</c>).</summary>
public enum LearningRateSchedule
{
    Constant,
    Cosine,
    Linear,
}

/// <summary>AdamW with linear warmup, a decay schedule and gradient clipping.</summary>
public sealed record OptimizerSection : IValidatedSection
{
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Steps of linear warmup from 0 to <see cref="LearningRate"/>.</summary>
    public int WarmupSteps { get; init; }

    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Cosine;

    /// <summary>Final learning rate as a fraction of the peak, for decaying schedules.</summary>
    public double MinLearningRateRatio { get; init; } = 0.1;

    public double WeightDecay { get; init; } = 0.1;

    public double Beta1 { get; init; } = 0.9;

    public double Beta2 { get; init; } = 0.95;

    /// <summary>Clip the global gradient norm to this value; 0 disables clipping.</summary>
    public double GradClip { get; init; } = 1.0;

    public IEnumerable<SectionProblem> Validate()
    {
        if (LearningRate <= 0) yield return new("learning_rate", $"must be positive, got {LearningRate}");
        if (WarmupSteps < 0) yield return new("warmup_steps", $"must not be negative, got {WarmupSteps}");
        if (MinLearningRateRatio is < 0 or > 1) yield return new("min_learning_rate_ratio", $"must be in [0, 1], got {MinLearningRateRatio}");
        if (WeightDecay < 0) yield return new("weight_decay", $"must not be negative, got {WeightDecay}");
        if (Beta1 is < 0 or >= 1) yield return new("beta1", $"must be in [0, 1), got {Beta1}");
        if (Beta2 is < 0 or >= 1) yield return new("beta2", $"must be in [0, 1), got {Beta2}");
        if (GradClip < 0) yield return new("grad_clip", $"must not be negative, got {GradClip}");
    }
}
