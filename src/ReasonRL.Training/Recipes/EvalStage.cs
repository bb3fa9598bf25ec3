namespace ReasonRL.Training.Recipes;

/// <summary>Held-out evaluation of a model: K samples per problem give pass@1, pass@k, maj@k, mean length and reflection rate.</summary>
[StageKind("eval")]
public sealed record EvalStage : StageSection, IModelInput, IValidatedSection
{
    /// <summary>The model to evaluate: an earlier stage's name or a checkpoint folder.</summary>
    public string? From { get; init; }

    public ProblemsSection Problems { get; init; } = new();

    /// <summary>K: completions sampled per problem.</summary>
    public int Samples { get; init; } = 8;

    public double Temperature { get; init; } = 1.0;

    public int MaxNewTokens { get; init; } = 128;

    public IEnumerable<SectionProblem> Validate()
    {
        if (From is null) yield return new("from", "name the stage or checkpoint folder to evaluate");
        if (Samples <= 0) yield return new("samples", $"must be positive, got {Samples}");
        if (Temperature < 0) yield return new("temperature", $"must not be negative, got {Temperature}");
        if (MaxNewTokens <= 0) yield return new("max_new_tokens", $"must be positive, got {MaxNewTokens}");
    }

    public EvalSection AsEvalSection() => new() { Every = 0, Problems = Problems, Samples = Samples, Temperature = Temperature, MaxNewTokens = MaxNewTokens };
}
