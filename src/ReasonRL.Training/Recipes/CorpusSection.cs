using ReasonRL.Core.Tasks;

namespace ReasonRL.Training.Recipes;

/// <summary>
/// What a synthetic corpus is made of: a mixture over task families (each with its difficulty levels) and over
/// solution styles. This decides what the base model can do before RL — e.g. mostly direct answers, some worked
/// steps, rare self-verification — and so what RL has to amplify.
/// </summary>
public sealed record CorpusSection : IValidatedSection
{
    /// <summary>The families to draw problems from, with weights and difficulty levels.</summary>
    public IReadOnlyList<FamilyMix> Families { get; init; } = [new FamilyMix { Family = "arithmetic" }];

    /// <summary>Relative weights of the solution styles (<c>direct</c>, <c>steps</c>, <c>steps_with_verification</c>, <c>answer_then_check</c>).</summary>
    public IReadOnlyDictionary<SolutionStyle, double> Styles { get; init; } = new Dictionary<SolutionStyle, double>
    {
        [SolutionStyle.Direct] = 0.7,
        [SolutionStyle.Steps] = 0.27,
        [SolutionStyle.StepsWithVerification] = 0.03,
    };

    /// <summary>In <c>steps_with_verification</c> solutions, the share of steps first written with a mistake that is then corrected.</summary>
    public double MistakeRate { get; init; } = 0.3;

    /// <summary>In <c>answer_then_check</c> solutions, the probability that the answer written at once is wrong and then corrected.</summary>
    public double FirstAnswerMistakeRate { get; init; } = 0.8;

    /// <summary>In <c>answer_then_check</c> solutions, whether the check restates the question before its steps ("Wait, rework 7+3-1:") or not ("Wait, rework:").</summary>
    public bool CheckRestatesQuestion { get; init; } = true;

    /// <summary>
    /// The share of solutions that special-case the prompt's visible examples instead of solving the task (families
    /// that show examples, i.e. <c>code</c>; see <see cref="SolutionOptions.SpecialCasingRate"/>): a rare behaviour in
    /// the prior that a weak verifier can make RL amplify.
    /// </summary>
    public double SpecialCasingRate { get; init; }

    /// <summary>The rendering options these settings describe.</summary>
    public SolutionOptions SolutionOptions => new() { MistakeRate = MistakeRate, FirstAnswerMistakeRate = FirstAnswerMistakeRate, CheckRestatesQuestion = CheckRestatesQuestion, SpecialCasingRate = SpecialCasingRate };

    public IEnumerable<SectionProblem> Validate()
    {
        if (Families.Count == 0)
        {
            yield return new("families", "list at least one family");
        }

        if (Families.Any(f => f.Weight < 0) || Families.Sum(f => f.Weight) <= 0)
        {
            yield return new("families", "weights must be non-negative and not all zero");
        }

        if (Styles.Values.Any(w => w < 0) || Styles.Values.Sum() <= 0)
        {
            yield return new("styles", "weights must be non-negative and not all zero");
        }

        if (MistakeRate is < 0 or > 1)
        {
            yield return new("mistake_rate", $"must be in [0, 1], got {MistakeRate}");
        }

        if (FirstAnswerMistakeRate is < 0 or > 1)
        {
            yield return new("first_answer_mistake_rate", $"must be in [0, 1], got {FirstAnswerMistakeRate}");
        }

        if (SpecialCasingRate is < 0 or > 1)
        {
            yield return new("special_casing_rate", $"must be in [0, 1], got {SpecialCasingRate}");
        }
    }
}

/// <summary>
/// One family of a mixture: its name, its weight, and the difficulty levels to use (all when empty); for the
/// <c>dataset</c> family, the file it reads.
/// </summary>
public sealed record FamilyMix
{
    public required string Family { get; init; }

    /// <summary>The file of a family that reads one (<c>family: dataset</c>); null for generated families.</summary>
    public DatasetSection? Dataset { get; init; }

    /// <summary>The family this entry names, opened on its dataset file when it has one.</summary>
    public ITaskFamily Resolve(TaskFamilyRegistry families) => families.Get(Family, Dataset?.ToSpec());

    public double Weight { get; init; } = 1.0;

    /// <summary>Difficulty levels drawn uniformly; empty means every level the family has.</summary>
    public IReadOnlyList<int> Difficulties { get; init; } = [];
}
