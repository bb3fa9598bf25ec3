using ReasonRL.Core.Tasks;
using ReasonRL.Training.Llc;

namespace ReasonRL.Training.Recipes;

/// <summary>
/// The local learning coefficient across a training stage's checkpoints (the developmental view of Lau et al., arXiv
/// 2308.12108, and devinterp): the model the stage started from (step 0), every checkpoint it kept, and its final
/// model, each estimated with the same sampler settings and seed on the same data, so the curve moves with the weights
/// alone. A training stage keeps only its newest checkpoints unless told otherwise (a grpo stage's <c>keep_checkpoints</c>).
/// </summary>
[StageKind("llc")]
public sealed record LlcStage : StageSection, IModelInput, IValidatedSection
{
    /// <summary>An earlier training stage (its checkpoints), or one checkpoint folder.</summary>
    public string? From { get; init; }

    public LlcDataSection Data { get; init; } = new();

    public SgldSection Sampler { get; init; } = new();

    public IEnumerable<SectionProblem> Validate()
    {
        if (From is null) yield return new("from", "name the training stage (or checkpoint folder) to estimate the LLC of");
    }
}

/// <summary>
/// The data L_n is measured on: a file (problem records with completions, or prompt/completion pairs), or problems
/// rendered from task families with reference solutions. Generated problems come from the held-out split, so no
/// checkpoint has trained on them; the default style, worked steps, is the style R1-Zero-style RL moves towards.
/// </summary>
public sealed record LlcDataSection : IValidatedSection
{
    public string? File { get; init; }

    public IReadOnlyList<FamilyMix> Families { get; init; } = [new FamilyMix { Family = "arithmetic" }];

    /// <summary>Relative weights of the reference solutions' styles.</summary>
    public IReadOnlyDictionary<SolutionStyle, double> Styles { get; init; } = new Dictionary<SolutionStyle, double> { [SolutionStyle.Steps] = 1.0 };

    /// <summary>Examples rendered from the families.</summary>
    public int Count { get; init; } = 64;

    public CorpusSection AsCorpus() => new() { Families = Families, Styles = Styles };

    public IEnumerable<SectionProblem> Validate()
    {
        if (File is not null && !System.IO.File.Exists(File)) yield return new("file", $"{File}: no such file");
        if (File is null && Count < 2) yield return new("count", $"must be at least 2, got {Count}");
        if (File is null && Families.Count == 0) yield return new("families", "list at least one family (or give a file)");
        if (Styles.Values.Any(w => w < 0) || Styles.Values.Sum() <= 0) yield return new("styles", "weights must be non-negative and not all zero");
    }
}
