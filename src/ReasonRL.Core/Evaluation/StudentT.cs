namespace ReasonRL.Core.Evaluation;

/// <summary>
/// Student's t distribution with ν degrees of freedom (Student 1908, "The probable error of a mean"), the distribution
/// of (x̄ − μ) / (s/√n) for n = ν + 1 normal draws, which is what a confidence interval over a handful of seeds needs.
/// </summary>
public static class StudentT
{
    /// <summary>
    /// P(T ≤ t) = 1 − ½ I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0, and by symmetry ½ I_{ν/(ν+t²)}(ν/2, ½) for t &lt; 0
    /// (Abramowitz and Stegun 1964, 26.7.1 with 26.5.27).
    /// </summary>
    public static double Cdf(double t, double degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        if (double.IsNaN(t))
        {
            return double.NaN;
        }

        if (double.IsInfinity(t))
        {
            return t > 0 ? 1 : 0;
        }

        var tail = 0.5 * IncompleteBeta.Regularized(degreesOfFreedom / (degreesOfFreedom + (t * t)), degreesOfFreedom / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>
    /// The t with P(T ≤ t) = <paramref name="p"/>: found by bisection on <see cref="Cdf"/> (monotone, so bisection cannot
    /// fail), to the last bit a double resolves. ±∞ at p = 1 and p = 0.
    /// </summary>
    public static double Quantile(double p, double degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "must lie in [0, 1]");
        }

        if (p == 0 || p == 1)
        {
            return p == 1 ? double.PositiveInfinity : double.NegativeInfinity;
        }

        if (p < 0.5)
        {
            return -Quantile(1 - p, degreesOfFreedom);
        }

        // Bracket: the upper end doubles until it holds p (at ν = 1, p = 0.9999 needs t ≈ 3183).
        double low = 0, high = 1;
        while (Cdf(high, degreesOfFreedom) < p)
        {
            (low, high) = (high, high * 2);
        }

        for (var i = 0; i < 200 && high - low > 1e-15 * Math.Max(1, high); i++)
        {
            var middle = 0.5 * (low + high);
            (low, high) = Cdf(middle, degreesOfFreedom) < p ? (middle, high) : (low, middle);
        }

        return 0.5 * (low + high);
    }
}
