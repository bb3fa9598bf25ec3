using ReasonRL.Core.Tasks;
using ReasonRL.Model;

namespace ReasonRL.Training.Recipes;

/// <summary>
/// Supervised fine-tuning on prompt/completion pairs, with the loss on completion tokens only: the cold start of
/// DeepSeek-R1 (a few hundred long worked solutions before RL), and sequence-level distillation.
/// </summary>
[StageKind("sft")]
public sealed record SftStage : StageSection, IModelInput, IDatasetInput, IValidatedSection
{
    /// <summary>The model to fine-tune: an earlier stage's name or a checkpoint folder.</summary>
    public string? From { get; init; }

    public SftDataSection Data { get; init; } = new();

    /// <summary>Passes over the training examples.</summary>
    public int Epochs { get; init; } = 3;

    /// <summary>Rows per optimizer step.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Pack several examples into each row of context_length tokens (fewer padding tokens, more examples per step).</summary>
    public bool Packing { get; init; }

    public OptimizerSection Optimizer { get; init; } = new() { LearningRate = 5e-4, WarmupSteps = 10, WeightDecay = 0.0 };

    /// <summary>Held-out loss every N steps (and at the end).</summary>
    public int EvalLossEvery { get; init; } = 50;

    public int CheckpointEvery { get; init; } = 200;

    public int LogEvery { get; init; } = 10;

    /// <summary>
    /// The dtype of the training passes (<c>float32</c> | <c>bfloat16</c>): with <c>bfloat16</c> forward and backward
    /// run on a bfloat16 copy of the float32 model, rounded from the master weights after every optimizer step (mixed
    /// precision); the loss, gradient clipping, AdamW, the master weights and the checkpoints stay float32. Refused
    /// where the machine has no native bfloat16 arithmetic. A model whose <c>compute.dtype</c> is already bfloat16
    /// trains in bfloat16 either way.
    /// </summary>
    public ComputeDtype TrainingDtype { get; init; } = ComputeDtype.Float32;

    /// <summary>Held-out evaluation of the fine-tuned model; <c>samples: 0</c> skips it.</summary>
    public EvalSection Eval { get; init; } = new() { Every = 0 };

    public string? DatasetFrom => Data.From;

    public IEnumerable<SectionProblem> Validate()
    {
        if (From is null) yield return new("from", "name the stage or checkpoint folder to fine-tune");
        if (Epochs <= 0) yield return new("epochs", $"must be positive, got {Epochs}");
        if (TrainingPrecision.Problem(TrainingDtype) is { } precision) yield return precision;
        if (BatchSize <= 0) yield return new("batch_size", $"must be positive, got {BatchSize}");
        if (EvalLossEvery < 0) yield return new("eval_loss_every", $"must not be negative, got {EvalLossEvery}");
        if (CheckpointEvery <= 0) yield return new("checkpoint_every", $"must be positive, got {CheckpointEvery}");
        if (LogEvery <= 0) yield return new("log_every", $"must be positive, got {LogEvery}");
    }
}

/// <summary>
/// SFT examples: a JSON Lines file in TRL's prompt/completion format (<c>{"prompt": ..., "completion": ...}</c>; the
/// prompt is used as written), the dataset an earlier stage wrote (<c>from:</c>, e.g. a <c>distill_data</c> stage), or
/// reference solutions rendered from task families in the chosen styles.
/// </summary>
public sealed record SftDataSection : IValidatedSection
{
    /// <summary>A prompt/completion JSONL file (e.g. from <c>reasonrl distill generate</c>); when set, families are not used.</summary>
    public string? File { get; init; }

    /// <summary>An earlier stage that wrote a dataset (e.g. <c>distill_data</c>); when set, file and families are not used.</summary>
    public string? From { get; init; }

    /// <summary>Share of the file's examples held out for the eval loss.</summary>
    public double HeldOutFraction { get; init; } = 0.05;

    /// <summary>Families to render examples from (train split; the held-out loss uses test-split problems).</summary>
    public IReadOnlyList<FamilyMix> Families { get; init; } = [new FamilyMix { Family = "arithmetic" }];

    /// <summary>Rendered examples.</summary>
    public int Count { get; init; } = 500;

    /// <summary>Solution styles of rendered examples, by weight.</summary>
    public IReadOnlyDictionary<SolutionStyle, double> Styles { get; init; } = new Dictionary<SolutionStyle, double>
    {
        [SolutionStyle.StepsWithVerification] = 1.0,
    };

    public double MistakeRate { get; init; } = 0.3;

    public IEnumerable<SectionProblem> Validate()
    {
        if (File is not null && !System.IO.File.Exists(File)) yield return new("file", $"{File}: no such file");
        if (File is not null && From is not null) yield return new("from", "give file: or from:, not both");
        if (HeldOutFraction is < 0 or >= 1) yield return new("held_out_fraction", $"must be in [0, 1), got {HeldOutFraction}");
        if (File is null && From is null && Count <= 0) yield return new("count", $"must be positive, got {Count}");
        if (File is null && From is null && (Families.Count == 0 || Families.Sum(f => f.Weight) <= 0)) yield return new("families", "list at least one family with a positive weight");
        if (Styles.Values.Any(w => w < 0) || Styles.Values.Sum() <= 0) yield return new("styles", "weights must be non-negative and not all zero");
    }

    /// <summary>The same mixture as a corpus section, for rendering examples.</summary>
    public CorpusSection AsCorpus() => new() { Families = Families, Styles = Styles, MistakeRate = MistakeRate };
}
