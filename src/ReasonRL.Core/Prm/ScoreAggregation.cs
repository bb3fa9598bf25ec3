namespace ReasonRL.Core.Prm;

/// <summary>
/// How a process reward model's step probabilities become one score for a whole solution
/// (YAML: <c>min</c> | <c>product</c>).
/// </summary>
public enum ScoreAggregation
{
    /// <summary>
    /// The lowest step probability: a solution is as good as its worst step (Wang et al., Math-Shepherd, arXiv
    /// 2312.08935, §3.4, which found it best for verification).
    /// </summary>
    Min,

    /// <summary>
    /// The product of the step probabilities: the probability that every step is on track if the steps were
    /// independent (Lightman et al., "Let's Verify Step by Step", arXiv 2305.20050, §3.2).
    /// </summary>
    Product,
}

/// <summary>A solution's score from its step probabilities.</summary>
public static class SolutionScore
{
    /// <returns>The aggregate; 1 (the identity of both min and product) for a solution without steps.</returns>
    public static double Of(IReadOnlyList<double> stepProbabilities, ScoreAggregation aggregation) => aggregation switch
    {
        ScoreAggregation.Min => stepProbabilities.Count == 0 ? 1.0 : stepProbabilities.Min(),
        ScoreAggregation.Product => stepProbabilities.Aggregate(1.0, (product, p) => product * p),
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, null),
    };
}
