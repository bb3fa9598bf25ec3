namespace ReasonRL.Core.Evaluation;

/// <summary>Evaluation results overall and broken down by family, and within each family by difficulty.</summary>
public sealed record EvaluationReport(int K, EvaluationMetrics Overall, IReadOnlyList<FamilyEvaluation> Families)
{
    /// <summary>
    /// Builds the report; every problem must have at least <paramref name="k"/> samples (the caller checks this,
    /// so it can name the offending problem). Families are sorted by name, difficulties ascending.
    /// </summary>
    public static EvaluationReport Of(IReadOnlyCollection<ProblemTally> problems, int k)
    {
        var families = problems
            .GroupBy(p => p.Family, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new FamilyEvaluation(
                g.Key,
                EvaluationMetrics.Of([.. g], k),
                [.. g.GroupBy(p => p.Difficulty).OrderBy(d => d.Key).Select(d => new DifficultyEvaluation(d.Key, EvaluationMetrics.Of([.. d], k)))]))
            .ToList();
        return new EvaluationReport(k, EvaluationMetrics.Of(problems, k), families);
    }
}

/// <summary>One family's metrics, and its metrics at each difficulty level.</summary>
public sealed record FamilyEvaluation(string Family, EvaluationMetrics Metrics, IReadOnlyList<DifficultyEvaluation> Difficulties);

/// <summary>The metrics of one difficulty level of one family.</summary>
public sealed record DifficultyEvaluation(int Difficulty, EvaluationMetrics Metrics);
