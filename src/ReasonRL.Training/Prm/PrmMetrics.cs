using ReasonRL.Core.Evaluation;
using ReasonRL.Core.Prm;

namespace ReasonRL.Training.Prm;

/// <summary>One scored solution: the PRM's step probabilities, the step labels, and whether the answer is right.</summary>
public sealed record ScoredSteps(IReadOnlyList<double> Probabilities, IReadOnlyList<double> Labels, bool Correct);

/// <summary>
/// How well a process reward model's step probabilities match held-out labels: step-level accuracy (probability ≥ ½
/// against label ≥ ½), step-level ROC AUC, the share of positive labels (the accuracy of always answering the majority
/// class is max(rate, 1 − rate)), the mean cross-entropy, and the solution-level AUC of the aggregated score against
/// answer correctness (how well the PRM would rank solutions for best-of-N).
/// </summary>
public static class PrmMetrics
{
    public static Dictionary<string, double> Of(IReadOnlyList<ScoredSteps> solutions, ScoreAggregation aggregation, string prefix = "")
    {
        var probabilities = solutions.SelectMany(s => s.Probabilities).ToList();
        var labels = solutions.SelectMany(s => s.Labels).ToList();
        var positive = labels.Select(l => l >= 0.5).ToList();
        var correctPredictions = probabilities.Zip(positive, (p, y) => (p >= 0.5) == y ? 1.0 : 0.0);
        var crossEntropy = probabilities.Zip(labels, (p, y) =>
        {
            var clamped = Math.Clamp(p, 1e-7, 1 - 1e-7);
            return -((y * Math.Log(clamped)) + ((1 - y) * Math.Log(1 - clamped)));
        });
        return new Dictionary<string, double>
        {
            [$"{prefix}step_accuracy"] = probabilities.Count == 0 ? double.NaN : correctPredictions.Average(),
            [$"{prefix}step_auc"] = RocAuc.Of(probabilities, positive),
            [$"{prefix}step_positive_rate"] = positive.Count == 0 ? double.NaN : positive.Average(p => p ? 1.0 : 0.0),
            [$"{prefix}loss"] = probabilities.Count == 0 ? double.NaN : crossEntropy.Average(),
            [$"{prefix}solution_auc"] = RocAuc.Of([.. solutions.Select(s => SolutionScore.Of(s.Probabilities, aggregation))], [.. solutions.Select(s => s.Correct)]),
            [$"{prefix}steps"] = probabilities.Count,
        };
    }
}
