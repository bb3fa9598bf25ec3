using ReasonRL.Core.Evaluation;
using ReasonRL.Core.Prm;

namespace ReasonRL.Training.Recipes;

/// <summary>
/// An eval stage's test-time compute curve (<see cref="TestTimeScaling"/>): held-out pass@k, maj@k and, with a process
/// reward model, PRM best-of-k at each k, from the stage's samples per problem (which must reach the largest k).
/// </summary>
public sealed record TestTimeSection : IValidatedSection
{
    /// <summary>The sample budgets k; empty: 1, 2, 4, … up to the samples per problem.</summary>
    public IReadOnlyList<int> Ks { get; init; } = [];

    /// <summary>The process reward model that picks best-of-k: a prm stage's name or a PRM checkpoint folder (none: no best-of-k).</summary>
    public string? Prm { get; init; }

    /// <summary>How the PRM's step probabilities make a solution's score (<c>min</c> | <c>product</c>).</summary>
    public ScoreAggregation Aggregation { get; init; } = ScoreAggregation.Min;

    /// <summary>Random k-subsets per problem for maj@k where enumerating every subset would take more.</summary>
    public int Draws { get; init; } = TestTimeScaling.DefaultDraws;

    public IEnumerable<SectionProblem> Validate()
    {
        if (Ks.FirstOrDefault(k => k < 1) is var bad && Ks.Any(k => k < 1)) yield return new("ks", $"every k must be at least 1, got {bad}");
        if (Ks.Distinct().Count() != Ks.Count) yield return new("ks", "lists a k twice");
        if (Draws < 1) yield return new("draws", $"must be positive, got {Draws}");
    }
}
