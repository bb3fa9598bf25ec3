using ReasonRL.Core.Prm;
using ReasonRL.Core.Rl;
using ReasonRL.Model;
using ReasonRL.Model.Sampling;
using ReasonRL.Training.Evaluation;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Losses;

namespace ReasonRL.Training.Recipes;

/// <summary>Which advantages the policy gradient uses (YAML: <c>outcome</c> | <c>process</c> | <c>outcome_and_process</c>).</summary>
public enum AdvantageKind
{
    /// <summary>One group-normalised advantage per completion, from its total reward (DeepSeekMath §4.1.2).</summary>
    Outcome,

    /// <summary>Per-token advantages from step rewards (DeepSeekMath §4.1.3).</summary>
    Process,

    /// <summary>The sum of the two, each normalised on its own.</summary>
    OutcomeAndProcess,
}

/// <summary>
/// Group Relative Policy Optimisation (DeepSeekMath, arXiv 2402.03300, §4): per step, B prompts × G sampled
/// completions, verifier rewards, group-relative advantages, μ passes of a clipped, KL-penalised update.
/// Defaults follow TRL's GRPOTrainer where one exists.
/// </summary>
[StageKind("grpo")]
public sealed record GrpoStage : StageSection, IModelInput, IExtraModelInputs, IValidatedSection
{
    /// <summary>The policy's starting point: an earlier stage's name or a checkpoint folder. It is also the frozen reference.</summary>
    public string? From { get; init; }

    /// <summary>Training prompts (drawn from the train split).</summary>
    public ProblemsSection Problems { get; init; } = new();

    /// <summary>The verifiers whose weighted rewards are summed: each keeps its own reward column in the metrics.</summary>
    public IReadOnlyList<RewardSection> Rewards { get; init; } =
        [new RewardSection { Verifier = "correctness", Weight = 1.0 }, new RewardSection { Verifier = "format", Weight = 0.1 }];

    /// <summary>Rollout steps: each samples a fresh batch and updates the policy on it μ times.</summary>
    public int Steps { get; init; } = 100;

    /// <summary>
    /// Stop once this many completion tokens have been sampled (counting groups dropped by dynamic sampling), so arms
    /// that differ in step cost compare at equal sampling compute; 0 = no budget. <see cref="Steps"/> stays an upper bound.
    /// </summary>
    public long MaxSampledTokens { get; init; }

    /// <summary>B: prompts per step.</summary>
    public int PromptsPerStep { get; init; } = 8;

    /// <summary>G: completions sampled per prompt.</summary>
    public int GroupSize { get; init; } = 16;

    /// <summary>
    /// μ: optimisation passes over each rollout batch. Every minibatch after the first is off-policy (the policy has
    /// moved since it sampled), so the ratio and clipping matter whenever μ &gt; 1 or the batch holds several minibatches.
    /// </summary>
    public int UpdatesPerBatch { get; init; } = 1;

    /// <summary>Completions per optimizer step within a pass; the batch B·G must be a multiple of it.</summary>
    public int MinibatchSize { get; init; } = 64;

    public SamplingSection Sampling { get; init; } = new();

    public AdvantageKind Advantage { get; init; } = AdvantageKind.Outcome;

    /// <summary>Where step rewards come from and what they are worth, for process advantages.</summary>
    public ProcessRewardSection ProcessRewards { get; init; } = new();

    /// <summary>How centred outcome rewards are scaled (Dr. GRPO: <c>none</c>).</summary>
    public AdvantageScale Scale { get; init; } = AdvantageScale.Group;

    /// <summary>How per-token losses are reduced (<c>grpo</c> | <c>dr_grpo</c> | <c>dapo</c>).</summary>
    public LossAggregation Loss { get; init; } = LossAggregation.Grpo;

    /// <summary>π_old of the ratio: the sampler's recorded log-probs (no extra pass) or the trainer's own, recomputed before the update.</summary>
    public OldLogProbSource OldLogProbs { get; init; } = OldLogProbSource.Sampler;

    /// <summary>
    /// The dtype of sampling and of the reference pass (<c>float32</c> | <c>bfloat16</c>): with <c>bfloat16</c> the sampler
    /// runs a bfloat16 copy of the float32 policy, rounded again before every step, and the frozen reference is held in
    /// bfloat16; the update stays in float32, and truncated importance sampling corrects for the sampler's numerics.
    /// Falls back to float32 where the device has no native bfloat16 arithmetic.
    /// </summary>
    public ComputeDtype InferenceDtype { get; init; } = ComputeDtype.Float32;

    /// <summary>
    /// The dtype of the update's passes (<c>float32</c> | <c>bfloat16</c>): with <c>bfloat16</c> forward and backward
    /// run on a bfloat16 copy of the float32 model, rounded from the master weights after every optimizer step (mixed
    /// precision); with <c>old_log_probs: trainer</c> the copy also recomputes π_old; the loss, gradient clipping, AdamW, the master weights and the checkpoints stay float32. Refused
    /// where the machine has no native bfloat16 arithmetic. A model whose <c>compute.dtype</c> is already bfloat16
    /// trains in bfloat16 either way.
    /// </summary>
    public ComputeDtype TrainingDtype { get; init; } = ComputeDtype.Float32;

    /// <summary>Truncated importance sampling against the sampler's log-probs (<c>tis</c>), or none.</summary>
    public SamplerCorrection SamplerCorrection { get; init; } = SamplerCorrection.Tis;

    /// <summary>C, the cap of the truncated importance weights min(π_old/π_sampler, C) (TRL's default: 2).</summary>
    public double TisCap { get; init; } = 2.0;

    /// <summary>Token-level ratios (GRPO) or GSPO's sequence-level ratio (arXiv 2507.18071; it uses far smaller clip ranges, e.g. 3e-4 / 4e-4).</summary>
    public RatioLevel RatioLevel { get; init; } = RatioLevel.Token;

    /// <summary>ε_low of the clipped ratio.</summary>
    public double ClipEpsilonLow { get; init; } = 0.2;

    /// <summary>ε_high of the clipped ratio (DAPO's clip-higher uses 0.28).</summary>
    public double ClipEpsilonHigh { get; init; } = 0.2;

    /// <summary>β of the KL penalty to the frozen reference; 0 turns the penalty off.</summary>
    public double KlBeta { get; init; } = 0.04;

    /// <summary>The per-token KL estimator (<c>k1</c> | <c>k2</c> | <c>k3</c>).</summary>
    public KlEstimator KlEstimator { get; init; } = KlEstimator.K3;

    /// <summary>Where the penalty acts: a term of the loss (<c>loss</c>) or taken off each completion's reward (<c>reward</c>).</summary>
    public KlPlacement KlIn { get; init; } = KlPlacement.Loss;

    /// <summary>
    /// Keep the frozen reference at β = 0 too, so <c>kl</c> still measures how far the policy drifts from where it
    /// started (one more no-grad pass per step); false skips the reference pass at β = 0, and <c>kl</c> is not logged.
    /// </summary>
    public bool MonitorKl { get; init; } = true;

    /// <summary>The KL penalty these settings describe (what β = 0 means is decided there).</summary>
    public KlPenalty Kl => new(KlBeta, KlEstimator, KlIn, MonitorKl);

    /// <summary>Whether the trainer needs the reference: for the penalty, or only to measure the KL.</summary>
    public bool UsesReference => Kl.NeedsReference;

    /// <summary>Copy the policy into the reference every N steps (0 = never).</summary>
    public int ReferenceRefreshEvery { get; init; }

    /// <summary>
    /// DAPO's dynamic sampling: drop groups whose correctness (or total reward) is all equal and sample more prompts to
    /// refill the batch (<c>off</c> | <c>correctness</c> | <c>reward</c>). Metrics cover every sampled group; <c>kept/…</c> the trained ones.
    /// </summary>
    public DynamicSampling DynamicSampling { get; init; } = DynamicSampling.Off;

    /// <summary>With dynamic sampling: the most extra sampling rounds per step before training on what there is.</summary>
    public int MaxRefillRounds { get; init; } = 3;

    /// <summary>
    /// DAPO's soft overlong penalty: the width (tokens) of the band before each row's length limit (max_new_tokens, or
    /// less where the context cuts the row) where it grows to −1; 0 disables it.
    /// </summary>
    public int OverlongCacheLength { get; init; }

    /// <summary>Leave completions cut off at max_new_tokens out of the loss (DAPO's overlong filtering).</summary>
    public bool MaskTruncated { get; init; }

    public OptimizerSection Optimizer { get; init; } = new() { LearningRate = 1e-4, WarmupSteps = 0, Schedule = LearningRateSchedule.Constant, WeightDecay = 0.0 };

    /// <summary>Periodic held-out evaluation during training.</summary>
    public EvalSection Eval { get; init; } = new();

    /// <summary>Groups per logging step whose first completion is written to samples.jsonl (plus one completion per verdict flag raised).</summary>
    public int SamplesPerLog { get; init; } = 4;

    /// <summary>Save a resumable checkpoint every N steps (and always at the end and on Ctrl+C).</summary>
    public int CheckpointEvery { get; init; } = 50;

    /// <summary>Where sampling and verification run: how many work units per round, in-process or on cluster workers.</summary>
    public RolloutSection Rollout { get; init; } = new();

    /// <summary>How many of the newest resumable checkpoints to keep (raise it to study every checkpoint, e.g. with an <c>llc</c> stage).</summary>
    public int KeepCheckpoints { get; init; } = 2;

    /// <summary>Phrases whose presence marks a completion as self-verifying (the reflection rate).</summary>
    public IReadOnlyList<string>? ReflectionPhrases { get; init; }

    public IEnumerable<SectionProblem> Validate()
    {
        if (From is null) yield return new("from", "name the stage or checkpoint folder the policy starts from");
        if (Steps <= 0) yield return new("steps", $"must be positive, got {Steps}");
        if (TrainingPrecision.Problem(TrainingDtype) is { } precision) yield return precision;
        if (PromptsPerStep <= 0) yield return new("prompts_per_step", $"must be positive, got {PromptsPerStep}");
        if (GroupSize < 2) yield return new("group_size", $"must be at least 2 (advantages are relative to the group), got {GroupSize}");
        if (UpdatesPerBatch <= 0) yield return new("updates_per_batch", $"must be positive, got {UpdatesPerBatch}");
        if (MinibatchSize <= 0) yield return new("minibatch_size", $"must be positive, got {MinibatchSize}");
        else if (PromptsPerStep * GroupSize % MinibatchSize != 0)
            yield return new("minibatch_size", $"the batch of prompts_per_step × group_size = {PromptsPerStep * GroupSize} completions must be a multiple of minibatch_size ({MinibatchSize})");
        if (ClipEpsilonLow is <= 0 or >= 1) yield return new("clip_epsilon_low", $"must be in (0, 1), got {ClipEpsilonLow}");
        if (ClipEpsilonHigh <= 0) yield return new("clip_epsilon_high", $"must be positive, got {ClipEpsilonHigh}");
        if (KlBeta < 0) yield return new("kl_beta", $"must not be negative, got {KlBeta}");
        if (KlIn == KlPlacement.Reward && Advantage == AdvantageKind.Process)
            yield return new("kl_in", "a KL penalty in the reward needs outcome advantages (advantage: outcome or outcome_and_process)");
        if (!(TisCap > 0)) yield return new("tis_cap", $"must be positive, got {TisCap}");
        if (Sampling.Temperature == 0)
            yield return new("sampling.temperature", "GRPO needs a positive sampling temperature: at 0 (greedy) every completion of a group is the same, so no group has an advantage");
        if (ReferenceRefreshEvery < 0) yield return new("reference_refresh_every", $"must not be negative, got {ReferenceRefreshEvery}");
        if (OverlongCacheLength < 0 || OverlongCacheLength >= Sampling.MaxNewTokens)
            yield return new("overlong_cache_length", $"must be in [0, sampling.max_new_tokens = {Sampling.MaxNewTokens}), got {OverlongCacheLength}");
        if (Rewards.Count == 0) yield return new("rewards", "list at least one verifier");
        if (CheckpointEvery <= 0) yield return new("checkpoint_every", $"must be positive, got {CheckpointEvery}");
        if (KeepCheckpoints <= 0) yield return new("keep_checkpoints", $"must be positive, got {KeepCheckpoints}");
        if (MaxSampledTokens < 0) yield return new("max_sampled_tokens", $"must not be negative, got {MaxSampledTokens}");
        if (Rollout.Partitions > PromptsPerStep)
            yield return new("rollout.partitions", $"a unit holds whole groups, so at most prompts_per_step ({PromptsPerStep}) units, got {Rollout.Partitions}");
        if (Rollout.MaxStaleness > 0 && OldLogProbs != OldLogProbSource.Trainer)
            yield return new("old_log_probs", $"rollout.max_staleness: {Rollout.MaxStaleness} needs old_log_probs: trainer: π_old is then the policy being trained, recomputed (AReaL's proximal policy), and the stale sampler enters only through the importance weights");
        if (Rollout.MaxStaleness > 0 && SamplerCorrection != SamplerCorrection.Tis)
            yield return new("sampler_correction", $"rollout.max_staleness: {Rollout.MaxStaleness} needs sampler_correction: tis: rows sampled by an older policy must be reweighted to the trained one");
    }

    public IEnumerable<(string Key, string Reference)> ExtraModels =>
        ProcessRewards.Prm is { } prm ? [("process_rewards.prm", prm)] : [];
}

/// <summary>Where step rewards come from (YAML: <c>verifier</c> | <c>prm</c>).</summary>
public enum ProcessRewardSource
{
    /// <summary>The step marks of a step-checking verifier, valued by <c>values</c> and <c>after_first_error</c>.</summary>
    Verifier,

    /// <summary>A trained process reward model (<c>prm:</c>): each step's reward is its probability of being on track.</summary>
    Prm,
}

/// <summary>
/// Step rewards for process advantages: from the step-checking verifier's marks, valued by a scheme, or from a
/// trained process reward model; optional refinements against reward hacking (Gao et al.'s clip and delta
/// mechanisms, PURE's min-form credit assignment). When <c>prm:</c> is set the PRM also monitors every step — its
/// mean solution score beside the true pass rate (<c>prm/score_mean</c>, <c>prm/gap</c>) — whatever the source.
/// </summary>
public sealed record ProcessRewardSection : IValidatedSection
{
    public ProcessRewardSource Source { get; init; } = ProcessRewardSource.Verifier;

    /// <summary>The process reward model: a <c>prm</c> stage's name or a PRM checkpoint folder.</summary>
    public string? Prm { get; init; }

    /// <summary>Verifier source: what correct and incorrect steps earn (<c>plus_minus_one</c> | <c>zero_one</c>).</summary>
    public StepRewardValues Values { get; init; } = StepRewardValues.PlusMinusOne;

    /// <summary>Verifier source: what steps after the first error earn (<c>as_judged</c> | <c>incorrect</c>).</summary>
    public AfterFirstError AfterFirstError { get; init; } = AfterFirstError.AsJudged;

    /// <summary>A refinement of each completion's step rewards (<c>none</c> | <c>clip</c> | <c>delta</c>, Gao et al. arXiv 2410.15115).</summary>
    public StepRewardTransform Transform { get; init; } = StepRewardTransform.None;

    /// <summary>η of the clip mechanism: rewards become min(r − η, 0).</summary>
    public double ClipEta { get; init; } = 0.5;

    /// <summary>Sum (DeepSeekMath) or minimum (PURE, arXiv 2504.15275) of the normalised step rewards ahead of a token.</summary>
    public CreditAssignment CreditAssignment { get; init; } = CreditAssignment.Sum;

    /// <summary>How the PRM's step probabilities make the solution score it is monitored by (<c>min</c> | <c>product</c>).</summary>
    public ScoreAggregation Aggregation { get; init; } = ScoreAggregation.Min;

    public StepRewardScheme Scheme => new(Values, AfterFirstError);

    public IEnumerable<SectionProblem> Validate()
    {
        if (Source == ProcessRewardSource.Prm && Prm is null)
        {
            yield return new("prm", "source: prm needs the process reward model: a prm stage's name or a PRM checkpoint folder");
        }
    }
}

/// <summary>One reward column: a verifier by name and its weight in the total reward.</summary>
public sealed record RewardSection
{
    public required string Verifier { get; init; }

    public double Weight { get; init; } = 1.0;
}

/// <summary>How completions are sampled.</summary>
public sealed record SamplingSection : IValidatedSection
{
    public double Temperature { get; init; } = 1.0;

    /// <summary>Nucleus sampling threshold; 1 disables it.</summary>
    public double TopP { get; init; } = 1.0;

    /// <summary>Keep only the k most likely tokens; 0 disables it.</summary>
    public int TopK { get; init; }

    /// <summary>Longest completion in tokens.</summary>
    public int MaxNewTokens { get; init; } = 128;

    /// <summary>
    /// Batches decoded at once, each on a thread of its own with single-threaded kernels
    /// (<see cref="SamplingOptions.Streams"/>); on the CPU as many as cores decode fastest. The rollout's reference
    /// (and recomputed π_old) passes score in as many streams (<see cref="Model.Scoring.LogProbScorer.ScoreWithoutGrad"/>).
    /// </summary>
    public int Streams { get; init; } = 1;

    /// <summary>The sampler's options for these settings, stopping at the R1 template's closing answer tag.</summary>
    public SamplingOptions ToOptions() => new()
    {
        Temperature = Temperature,
        TopP = TopP,
        TopK = TopK,
        MaxNewTokens = MaxNewTokens,
        StopStrings = HeldOutEvaluation.StopStrings,
        Streams = Streams,
    };

    public IEnumerable<SectionProblem> Validate()
    {
        if (Temperature < 0) yield return new("temperature", $"must not be negative, got {Temperature}");
        if (TopP is <= 0 or > 1) yield return new("top_p", $"must be in (0, 1], got {TopP}");
        if (TopK < 0) yield return new("top_k", $"must not be negative, got {TopK}");
        if (MaxNewTokens <= 0) yield return new("max_new_tokens", $"must be positive, got {MaxNewTokens}");
        if (Streams < 1) yield return new("streams", $"must be at least 1, got {Streams}");
    }
}

/// <summary>Held-out evaluation: K samples per problem give pass@1, pass@k and maj@k.</summary>
public sealed record EvalSection : IValidatedSection
{
    /// <summary>Evaluate every N steps (and at the start and the end); 0 disables periodic evaluation.</summary>
    public int Every { get; init; } = 20;

    /// <summary>The held-out problems (from the test split).</summary>
    public ProblemsSection Problems { get; init; } = new() { Count = 100 };

    /// <summary>K: completions sampled per problem (0 disables the evaluation).</summary>
    public int Samples { get; init; } = 4;

    public double Temperature { get; init; } = 1.0;

    /// <summary>Longest completion in tokens.</summary>
    public int MaxNewTokens { get; init; } = 128;

    /// <summary>Batches decoded at once, each on a thread of its own (<see cref="SamplingOptions.Streams"/>).</summary>
    public int Streams { get; init; } = 1;

    public IEnumerable<SectionProblem> Validate()
    {
        if (Every < 0) yield return new("every", $"must not be negative, got {Every}");
        if (Streams < 1) yield return new("streams", $"must be at least 1, got {Streams}");
        if (Samples < 0) yield return new("samples", $"must not be negative, got {Samples}");
        if (MaxNewTokens <= 0) yield return new("max_new_tokens", $"must be positive, got {MaxNewTokens}");
        if (Temperature < 0) yield return new("temperature", $"must not be negative, got {Temperature}");
    }
}
