using ReasonRL.Core.Prm;
using ReasonRL.Core.Rl;
using ReasonRL.Core.Tasks;

namespace ReasonRL.Training.Recipes;

/// <summary>Where step labels come from (YAML: <c>verifier</c> | <c>monte_carlo</c>).</summary>
public enum PrmLabelSource
{
    /// <summary>A step-checking verifier's step marks (<see cref="VerifierStepLabels"/>).</summary>
    Verifier,

    /// <summary>Math-Shepherd's Monte-Carlo estimate from sampled continuations (<see cref="MonteCarloLabeller"/>).</summary>
    MonteCarlo,
}

/// <summary>Which Monte-Carlo estimate becomes the label (YAML: <c>hard</c> | <c>soft</c>).</summary>
public enum MonteCarloEstimate
{
    /// <summary>1 when any continuation reaches the right answer.</summary>
    Hard,

    /// <summary>The fraction of continuations that reach it (a soft target for the cross-entropy).</summary>
    Soft,
}

/// <summary>
/// Trains a process reward model (PRM): the transformer of <c>from:</c> with a scalar head, fitted by binary
/// cross-entropy at the end of every step of labelled solutions to predict whether the solution is still on track
/// (Lightman et al., arXiv 2305.20050; Math-Shepherd, arXiv 2312.08935). Reports step-level accuracy and AUC on
/// held-out labelled solutions of test-split problems. A grpo stage uses it with <c>process_rewards.prm:</c>.
/// </summary>
[StageKind("prm")]
public sealed record PrmStage : StageSection, IModelInput, IValidatedSection
{
    /// <summary>
    /// A language model: the PRM's backbone starts from it, and it samples the solutions to label and (for Monte-Carlo
    /// labels) completes their step prefixes.
    /// </summary>
    public string? From { get; init; }

    /// <summary>The solutions to label.</summary>
    public PrmDataSection Data { get; init; } = new();

    /// <summary>How steps are found and labelled.</summary>
    public PrmLabelSection Labels { get; init; } = new();

    /// <summary>Optimizer steps.</summary>
    public int Steps { get; init; } = 300;

    /// <summary>Solutions per optimizer step.</summary>
    public int BatchSize { get; init; } = 32;

    public OptimizerSection Optimizer { get; init; } = new() { LearningRate = 3e-4, WarmupSteps = 20, WeightDecay = 0.0 };

    /// <summary>Held-out step accuracy and AUC every N steps (and at the end).</summary>
    public int EvalEvery { get; init; } = 50;

    /// <summary>A progress line every N steps.</summary>
    public int LogEvery { get; init; } = 25;

    /// <summary>How step probabilities become a solution score, for the held-out solution-level AUC.</summary>
    public ScoreAggregation Aggregation { get; init; } = ScoreAggregation.Min;

    public IEnumerable<SectionProblem> Validate()
    {
        if (From is null) yield return new("from", "name the stage or checkpoint folder of the language model the PRM starts from");
        if (Steps <= 0) yield return new("steps", $"must be positive, got {Steps}");
        if (BatchSize <= 0) yield return new("batch_size", $"must be positive, got {BatchSize}");
        if (EvalEvery < 0) yield return new("eval_every", $"must not be negative, got {EvalEvery}");
        if (LogEvery <= 0) yield return new("log_every", $"must be positive, got {LogEvery}");
    }
}

/// <summary>
/// The solutions a PRM is trained on: solutions sampled from the <c>from:</c> model (at temperature 1 they hold its
/// natural mistakes) and reference solutions rendered with plausible mistakes (the <c>steps_with_verification</c>
/// style), from train-split problems; the same mixture from test-split problems is held out for evaluation.
/// </summary>
public sealed record PrmDataSection : IValidatedSection
{
    /// <summary>Families and difficulty levels of the problems.</summary>
    public IReadOnlyList<FamilyMix> Families { get; init; } = [new FamilyMix { Family = "arithmetic" }];

    /// <summary>Problems whose solutions are sampled from the model.</summary>
    public int SampledProblems { get; init; } = 256;

    /// <summary>Solutions sampled per problem.</summary>
    public int SamplesPerProblem { get; init; } = 4;

    public double Temperature { get; init; } = 1.0;

    /// <summary>Longest sampled solution (and Monte-Carlo continuation) in tokens.</summary>
    public int MaxNewTokens { get; init; } = 128;

    /// <summary>Reference solutions rendered from as many problems, in <see cref="RenderedStyles"/>.</summary>
    public int Rendered { get; init; } = 256;

    /// <summary>Styles of rendered solutions, by weight.</summary>
    public IReadOnlyDictionary<SolutionStyle, double> RenderedStyles { get; init; } = new Dictionary<SolutionStyle, double>
    {
        [SolutionStyle.StepsWithVerification] = 1.0,
    };

    /// <summary>In <c>steps_with_verification</c>, the share of steps first written with a mistake.</summary>
    public double MistakeRate { get; init; } = 0.3;

    /// <summary>Held-out solutions, as a fraction of the training ones (sampled and rendered alike), from test-split problems.</summary>
    public double HeldOutFraction { get; init; } = 0.25;

    public IEnumerable<SectionProblem> Validate()
    {
        if (Families.Count == 0 || Families.Sum(f => f.Weight) <= 0 || Families.Any(f => f.Weight < 0)) yield return new("families", "list at least one family with a positive weight");
        if (SampledProblems < 0) yield return new("sampled_problems", $"must not be negative, got {SampledProblems}");
        if (SamplesPerProblem <= 0) yield return new("samples_per_problem", $"must be positive, got {SamplesPerProblem}");
        if (Rendered < 0) yield return new("rendered", $"must not be negative, got {Rendered}");
        if (SampledProblems + Rendered == 0) yield return new("sampled_problems", "sampled_problems and rendered are both 0: there is nothing to train on");
        if (Temperature < 0) yield return new("temperature", $"must not be negative, got {Temperature}");
        if (MaxNewTokens <= 0) yield return new("max_new_tokens", $"must be positive, got {MaxNewTokens}");
        if (RenderedStyles.Values.Any(w => w < 0) || RenderedStyles.Values.Sum() <= 0) yield return new("rendered_styles", "weights must be non-negative and not all zero");
        if (MistakeRate is < 0 or > 1) yield return new("mistake_rate", $"must be in [0, 1], got {MistakeRate}");
        if (HeldOutFraction is <= 0 or >= 1) yield return new("held_out_fraction", $"must be in (0, 1), got {HeldOutFraction}");
    }
}

/// <summary>How the steps of a solution are found and labelled.</summary>
public sealed record PrmLabelSection : IValidatedSection
{
    /// <summary><c>verifier</c> (step checks, exact and free) or <c>monte_carlo</c> (any family, costs sampling).</summary>
    public PrmLabelSource Source { get; init; } = PrmLabelSource.Verifier;

    /// <summary>Where steps end: the verifier's step marks or every non-empty line of the thinking section.</summary>
    public StepSegmentation Steps { get; init; } = StepSegmentation.Verifier;

    /// <summary>
    /// Verifier labels: <c>incorrect</c> — a step is on track when it and every earlier step are correct, which is what
    /// a PRM predicts and what arithmetic needs (a wrong result is carried into later lines that check as correct) —
    /// or <c>as_judged</c> — each step by its own check.
    /// </summary>
    public AfterFirstError AfterFirstError { get; init; } = AfterFirstError.Incorrect;

    /// <summary>Monte-Carlo labels: N, continuations sampled from each step prefix (Math-Shepherd uses 8).</summary>
    public int Continuations { get; init; } = 8;

    /// <summary>Monte-Carlo labels: the hard (any continuation correct) or soft (fraction correct) estimate.</summary>
    public MonteCarloEstimate Estimate { get; init; } = MonteCarloEstimate.Hard;

    public IEnumerable<SectionProblem> Validate()
    {
        if (Source == PrmLabelSource.Verifier && Steps != StepSegmentation.Verifier)
        {
            yield return new("steps", "verifier labels judge the verifier's own step marks: use steps: verifier, or source: monte_carlo for line steps");
        }

        if (Continuations <= 0) yield return new("continuations", $"must be positive, got {Continuations}");
    }
}
