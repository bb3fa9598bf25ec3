using ReasonRL.Training.Losses;

namespace ReasonRL.Training.Recipes;

/// <summary>
/// Logit-level distillation with the teacher online (GKD, Agarwal et al., arXiv 2306.13649, Algorithm 1): each step
/// takes a batch of sequences — with probability λ sampled from the student itself (on-policy), otherwise the
/// off-policy ones: the dataset's completions with <c>data:</c>, or completions sampled from the teacher with
/// <c>problems:</c> — and trains the student to match the teacher's next-token distribution on every completion
/// token under the chosen divergence. Teacher and student must share the tokenizer.
/// </summary>
[StageKind("distill")]
public sealed record DistillStage : StageSection, IModelInput, ITeacherInput, IDatasetInput, IValidatedSection
{
    /// <summary>The student's starting point: an earlier stage's name or a checkpoint folder.</summary>
    public string? From { get; init; }

    /// <summary>The teacher: an earlier stage's name or a checkpoint folder.</summary>
    public string? Teacher { get; init; }

    /// <summary>Prompts from task families or a problem file; off-policy completions are sampled from the teacher. Give this or <see cref="Data"/>.</summary>
    public ProblemsSection? Problems { get; init; }

    /// <summary>Prompt/completion pairs (a file, an earlier <c>distill_data</c> stage, or rendered solutions); off-policy completions are theirs. Give this or <see cref="Problems"/>.</summary>
    public SftDataSection? Data { get; init; }

    /// <summary>The divergence between teacher and student next-token distributions (<c>forward_kl</c> | <c>reverse_kl</c> | <c>jsd</c>).</summary>
    public Divergence Loss { get; init; } = Divergence.Jsd;

    /// <summary>GKD's β of JSD(β), in (0, 1): near 0 it behaves like the forward KL, near 1 like the reverse KL.</summary>
    public double Beta { get; init; } = 0.5;

    /// <summary>GKD's λ: the probability that a step trains on student-generated sequences (0 = off-policy only, 1 = on-policy only).</summary>
    public double Lambda { get; init; } = 0.5;

    /// <summary>Divides both models' logits before the divergence.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Optimizer steps.</summary>
    public int Steps { get; init; } = 200;

    /// <summary>Sequences per step.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>How student (on-policy) and teacher (off-policy with <c>problems:</c>) completions are sampled.</summary>
    public SamplingSection Sampling { get; init; } = new();

    public OptimizerSection Optimizer { get; init; } = new() { LearningRate = 5e-4, WarmupSteps = 10, WeightDecay = 0.0 };

    public int CheckpointEvery { get; init; } = 100;

    public int LogEvery { get; init; } = 10;

    /// <summary>Held-out evaluation of the distilled student at the end; <c>samples: 0</c> skips it.</summary>
    public EvalSection Eval { get; init; } = new() { Every = 0, Samples = 0 };

    public string? DatasetFrom => Data?.From;

    public IEnumerable<SectionProblem> Validate()
    {
        if (From is null) yield return new("from", "name the stage or checkpoint folder the student starts from");
        if (Teacher is null) yield return new("teacher", "name the stage or checkpoint folder of the teacher");
        if ((Problems is null) == (Data is null)) yield return new("problems", "give either problems: (the teacher samples the off-policy completions) or data: (its completions are the off-policy ones), not both or neither");
        if (Loss == Divergence.Jsd && !(Beta > 0 && Beta < 1)) yield return new("beta", $"must be in (0, 1) for jsd (use forward_kl or reverse_kl for the limits), got {Beta}");
        if (!(Lambda >= 0 && Lambda <= 1)) yield return new("lambda", $"must be in [0, 1], got {Lambda}");
        if (!(Temperature > 0)) yield return new("temperature", $"must be positive, got {Temperature}");
        if (Steps <= 0) yield return new("steps", $"must be positive, got {Steps}");
        if (BatchSize <= 0) yield return new("batch_size", $"must be positive, got {BatchSize}");
        if (CheckpointEvery <= 0) yield return new("checkpoint_every", $"must be positive, got {CheckpointEvery}");
        if (LogEvery <= 0) yield return new("log_every", $"must be positive, got {LogEvery}");
    }
}
