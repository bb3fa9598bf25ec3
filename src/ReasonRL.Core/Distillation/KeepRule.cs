namespace ReasonRL.Core.Distillation;

/// <summary>
/// Which of a prompt's verified teacher completions go into a distillation dataset
/// (YAML and <c>--keep</c>: <c>all_correct</c> | <c>best_of_n</c> | <c>first_correct</c>).
/// </summary>
public enum KeepRule
{
    /// <summary>Every correct completion, duplicates (after whitespace normalisation) removed.</summary>
    AllCorrect,

    /// <summary>
    /// The completion with the highest reward, if it is correct (rejection sampling with best-of-N). Ties go to the
    /// shorter completion (fewer characters: less to imitate for the same reward), then to the earlier sample.
    /// </summary>
    BestOfN,

    /// <summary>The first correct completion in sample order (what a sequential sampler stopping at success would keep).</summary>
    FirstCorrect,
}
