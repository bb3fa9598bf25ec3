using System.Text.Json.Serialization;
using ReasonRL.Core.Randomness;

namespace ReasonRL.Core.Evaluation;

/// <summary>One problem's n samples as test-time scaling reads them: verdicts, extracted answers and, when a scorer rated them, scores.</summary>
/// <param name="Scores">One score per sample (e.g. a PRM's solution score), or null when no scorer was used.</param>
public sealed record ProblemSamples(IReadOnlyList<bool> Correct, IReadOnlyList<string?> Answers, IReadOnlyList<double>? Scores);

/// <summary>Held-out accuracy at one sample budget k, averaged over problems.</summary>
/// <param name="PassAtK">Unbiased pass@k (<see cref="Evaluation.PassAtK"/>): some sample of k is correct (an oracle picks).</param>
/// <param name="MajAtK">Expected maj@k (<see cref="MajorityAtK"/>): the most frequent answer of k samples is correct.</param>
/// <param name="BestOfK">Expected best-of-k by the scorer (<see cref="Evaluation.BestOfK"/>), or null without scores.</param>
public sealed record ScalingPoint(
    int K,
    [property: JsonPropertyName("pass_at_k")] double PassAtK,
    [property: JsonPropertyName("maj_at_k")] double MajAtK,
    [property: JsonPropertyName("best_of_k")] double? BestOfK);

/// <summary>
/// Test-time compute by sampling and voting: how held-out accuracy grows with the number of samples k drawn per
/// problem, for an oracle (pass@k), self-consistency (maj@k) and a reward model choosing (best-of-k), from one set of
/// n ≥ k samples per problem (Brown et al. 2024, "Large Language Monkeys", arXiv 2407.21787, for the pass@k and
/// voting curves; Snell et al. 2024, arXiv 2408.03314, §5, for best-of-N with a PRM).
/// </summary>
public static class TestTimeScaling
{
    /// <summary>Subsets drawn per problem and k for maj@k where enumerating them all would take more.</summary>
    public const int DefaultDraws = 512;

    /// <summary>1, 2, 4, … up to n, and n itself.</summary>
    public static IReadOnlyList<int> DefaultKs(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var ks = new List<int>();
        for (var k = 1; k <= n; k *= 2)
        {
            ks.Add(k);
        }

        if (ks[^1] != n)
        {
            ks.Add(n);
        }

        return ks;
    }

    /// <summary>The curve at each k (every problem needs at least max(k) samples); maj@k's subsets are seeded by (seed, problem, k).</summary>
    public static IReadOnlyList<ScalingPoint> Curve(IReadOnlyList<ProblemSamples> problems, IReadOnlyList<int> ks, ulong seed, int draws = DefaultDraws)
    {
        if (problems.Count == 0)
        {
            throw new ArgumentException("no problems", nameof(problems));
        }

        var scored = problems.All(p => p.Scores is not null);
        var points = new List<ScalingPoint>(ks.Count);
        foreach (var k in ks)
        {
            double pass = 0, majority = 0, best = 0;
            for (var i = 0; i < problems.Count; i++)
            {
                var problem = problems[i];
                var n = problem.Correct.Count;
                pass += Evaluation.PassAtK.Estimate(n, problem.Correct.Count(c => c), k);
                majority += MajorityAtK.Expected(problem.Answers, problem.Correct, k, draws, SeedMixer.Mix(seed, (ulong)i, (ulong)k));
                best += scored ? Evaluation.BestOfK.Expected(problem.Scores!, problem.Correct, k) : 0;
            }

            points.Add(new ScalingPoint(k, pass / problems.Count, majority / problems.Count, scored ? best / problems.Count : null));
        }

        return points;
    }
}
