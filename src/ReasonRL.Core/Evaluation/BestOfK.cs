namespace ReasonRL.Core.Evaluation;

/// <summary>
/// Best-of-k selection by a scorer (a process or outcome reward model): of k samples drawn uniformly without
/// replacement from a problem's n, the one the scorer rates highest is the answer (Cobbe et al. 2021, "Training
/// Verifiers to Solve Math Word Problems", arXiv 2110.14168, §4; Lightman et al. 2023, "Let's Verify Step by Step",
/// arXiv 2305.20050, §3 and Fig. 3, with the PRM's solution score). Ties between the highest scores are broken
/// uniformly at random.
/// </summary>
public static class BestOfK
{
    /// <summary>
    /// The expected accuracy over all C(n, k) subsets, exactly. Group the samples by score, highest first; with H samples
    /// scored above a group of m samples (c of them correct), the subset's top group is this one with probability
    /// (C(n−H, k) − C(n−H−m, k)) / C(n, k) (no sample above it is drawn, at least one of it is), and then the chosen
    /// sample is correct with probability c/m.
    /// </summary>
    public static double Expected(IReadOnlyList<double> scores, IReadOnlyList<bool> correct, int k)
    {
        var n = scores.Count;
        if (correct.Count != n)
        {
            throw new ArgumentException("expected one verdict per score", nameof(correct));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        if (scores.Any(double.IsNaN))
        {
            throw new ArgumentException("scores must not be NaN", nameof(scores));
        }

        var groups = Enumerable.Range(0, n)
            .GroupBy(i => scores[i])
            .OrderByDescending(g => g.Key)
            .Select(g => (Size: g.Count(), Correct: g.Count(i => correct[i])));
        var expected = 0.0;
        var above = 0;
        foreach (var (size, right) in groups)
        {
            var top = SubsetRatio(n - above, n, k) - SubsetRatio(n - above - size, n, k);
            expected += top * right / size;
            above += size;
        }

        return expected;
    }

    /// <summary>C(a, k) / C(n, k) for a ≤ n, as the product ∏_{i&lt;k} (a − i)/(n − i), which never forms a binomial.</summary>
    internal static double SubsetRatio(int a, int n, int k)
    {
        if (a < k)
        {
            return 0.0;
        }

        var ratio = 1.0;
        for (var i = 0; i < k; i++)
        {
            ratio *= (double)(a - i) / (n - i);
        }

        return ratio;
    }
}
