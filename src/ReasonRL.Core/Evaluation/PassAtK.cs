namespace ReasonRL.Core.Evaluation;

/// <summary>
/// The unbiased pass@k estimator of Chen et al. 2021 ("Evaluating Large Language Models Trained on Code",
/// arXiv 2107.03374, §2.1): with n samples of which c are correct, the probability that k samples drawn without
/// replacement contain a correct one is 1 − C(n−c, k) / C(n, k).
/// </summary>
public static class PassAtK
{
    /// <summary>
    /// 1 − C(n−c, k)/C(n, k), computed in the paper's numerically stable product form
    /// 1 − ∏_{i=n−c+1}^{n} (1 − k/i), which never forms the (huge) binomial coefficients.
    /// </summary>
    public static double Estimate(int n, int c, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(c, n);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        if (n - c < k)
        {
            return 1.0; // every k-subset contains a correct sample
        }

        var allWrong = 1.0;
        for (var i = n - c + 1; i <= n; i++)
        {
            allWrong *= 1.0 - (double)k / i;
        }

        return 1.0 - allWrong;
    }

    /// <summary>The mean of <see cref="Estimate"/> over problems, given each problem's sample and correct counts.</summary>
    public static double Mean(IReadOnlyList<int> samples, IReadOnlyList<int> correct, int k)
    {
        if (samples.Count != correct.Count)
        {
            throw new ArgumentException("expected one correct count per problem", nameof(correct));
        }

        if (samples.Count == 0)
        {
            return 0.0;
        }

        var sum = 0.0;
        for (var i = 0; i < samples.Count; i++)
        {
            sum += Estimate(samples[i], correct[i], k);
        }

        return sum / samples.Count;
    }
}
