using ReasonRL.Model;

namespace ReasonRL.Training.Recipes;

/// <summary>
/// Next-token training on a packed synthetic corpus built from task families: of a fresh model (<c>model:</c>), or
/// continued from an earlier stage or checkpoint folder (<c>from:</c>), e.g. a short second phase on a different
/// mixture, the way a base model's last pretraining data shapes what it does by default.
/// </summary>
[StageKind("pretrain")]
public sealed record PretrainStage : StageSection, IModelInput, IValidatedSection
{
    /// <summary>The architecture of a model trained from scratch; default: the <c>small</c> preset.</summary>
    public ModelSection? Model { get; init; }

    /// <summary>Continue training this model (an earlier stage's name or a checkpoint folder) instead of a fresh one.</summary>
    public string? From { get; init; }

    /// <summary>What the model is trained on.</summary>
    public CorpusSection Corpus { get; init; } = new();

    public OptimizerSection Optimizer { get; init; } = new() { LearningRate = 3e-3, WarmupSteps = 100 };

    /// <summary>Optimizer steps.</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>Sequences per step; each is <c>model.context_length</c> tokens of packed documents.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Held-out loss every N steps (and at the end).</summary>
    public int EvalLossEvery { get; init; } = 200;

    /// <summary>Held-out batches averaged for the eval loss.</summary>
    public int EvalBatches { get; init; } = 4;

    /// <summary>A resumable checkpoint every N steps (and on Ctrl+C).</summary>
    public int CheckpointEvery { get; init; } = 500;

    /// <summary>A progress line every N steps.</summary>
    public int LogEvery { get; init; } = 50;

    /// <summary>
    /// The dtype of the training passes (<c>float32</c> | <c>bfloat16</c>): with <c>bfloat16</c> forward and backward
    /// run on a bfloat16 copy of the float32 model, rounded from the master weights after every optimizer step (mixed
    /// precision); the loss, gradient clipping, AdamW, the master weights and the checkpoints stay float32. Refused
    /// where the machine has no native bfloat16 arithmetic. A model whose <c>compute.dtype</c> is already bfloat16
    /// trains in bfloat16 either way.
    /// </summary>
    public ComputeDtype TrainingDtype { get; init; } = ComputeDtype.Float32;

    /// <summary>Held-out evaluation of the finished base model (pass@1 by family and difficulty); <c>samples: 0</c> skips it.</summary>
    public EvalSection Eval { get; init; } = new() { Every = 0 };

    public IEnumerable<SectionProblem> Validate()
    {
        if (Model is not null && From is not null) yield return new("from", "give model: (a fresh model) or from: (continue a trained one), not both");
        if (Steps <= 0) yield return new("steps", $"must be positive, got {Steps}");
        if (TrainingPrecision.Problem(TrainingDtype) is { } precision) yield return precision;
        if (BatchSize <= 0) yield return new("batch_size", $"must be positive, got {BatchSize}");
        if (EvalLossEvery < 0) yield return new("eval_loss_every", $"must not be negative, got {EvalLossEvery}");
        if (EvalBatches <= 0) yield return new("eval_batches", $"must be positive, got {EvalBatches}");
        if (CheckpointEvery <= 0) yield return new("checkpoint_every", $"must be positive, got {CheckpointEvery}");
        if (LogEvery <= 0) yield return new("log_every", $"must be positive, got {LogEvery}");
    }
}
