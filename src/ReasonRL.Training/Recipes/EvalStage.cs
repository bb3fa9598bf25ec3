namespace ReasonRL.Training.Recipes;

/// <summary>Held-out evaluation of a model: K samples per problem give pass@1, pass@k, maj@k, mean length and reflection rate.</summary>
[StageKind("eval")]
public sealed record EvalStage : StageSection, IModelInput, IExtraModelInputs, IValidatedSection
{
    /// <summary>The model to evaluate: an earlier stage's name or a checkpoint folder.</summary>
    public string? From { get; init; }

    public ProblemsSection Problems { get; init; } = new();

    /// <summary>K: completions sampled per problem.</summary>
    public int Samples { get; init; } = 8;

    public double Temperature { get; init; } = 1.0;

    public int MaxNewTokens { get; init; } = 128;

    /// <summary>Batches decoded at once, each on a thread of its own (<see cref="Model.Sampling.SamplingOptions.Streams"/>).</summary>
    public int Streams { get; init; } = 1;

    /// <summary>Also the test-time compute curve (pass@k, maj@k, PRM best-of-k against k); null: none.</summary>
    public TestTimeSection? TestTime { get; init; }

    public IEnumerable<(string Key, string Reference)> ExtraModels =>
        TestTime?.Prm is { } prm ? [("test_time.prm", prm)] : [];

    public IEnumerable<SectionProblem> Validate()
    {
        if (From is null) yield return new("from", "name the stage or checkpoint folder to evaluate");
        if (Samples <= 0) yield return new("samples", $"must be positive, got {Samples}");
        if (Temperature < 0) yield return new("temperature", $"must not be negative, got {Temperature}");
        if (MaxNewTokens <= 0) yield return new("max_new_tokens", $"must be positive, got {MaxNewTokens}");
        if (Streams < 1) yield return new("streams", $"must be at least 1, got {Streams}");
        if (TestTime?.Ks.Count > 0 && TestTime.Ks.Max() > Samples)
        {
            yield return new("test_time.ks", $"k = {TestTime.Ks.Max()} needs at least that many samples per problem; samples is {Samples}");
        }
    }

    public EvalSection AsEvalSection() => new() { Every = 0, Problems = Problems, Samples = Samples, Temperature = Temperature, MaxNewTokens = MaxNewTokens, Streams = Streams };
}
