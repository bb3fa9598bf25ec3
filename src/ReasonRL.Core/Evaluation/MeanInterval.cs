namespace ReasonRL.Core.Evaluation;

/// <summary>
/// A sample mean with its two-sided Student-t confidence interval: x̄ ± t_{1−α/2, n−1} · s/√n, where s is the sample
/// standard deviation (divisor n − 1) of the n values (Student 1908; NIST/SEMATECH e-Handbook of Statistical Methods,
/// §7.2.2.1). It assumes the values are independent draws from a normal distribution, e.g. one final score per
/// training seed; with 3 seeds t_{0.975, 2} = 4.303, so the interval is wide unless the seeds agree.
/// </summary>
/// <param name="Mean">x̄.</param>
/// <param name="HalfWidth">t_{1−α/2, n−1} · s/√n; NaN for a single value (no spread to estimate).</param>
/// <param name="Count">n.</param>
/// <param name="Confidence">1 − α, e.g. 0.95.</param>
public sealed record MeanInterval(double Mean, double HalfWidth, int Count, double Confidence)
{
    /// <summary>x̄ − half width.</summary>
    public double Low => Mean - HalfWidth;

    /// <summary>x̄ + half width.</summary>
    public double High => Mean + HalfWidth;

    /// <summary>The mean of <paramref name="values"/> and its <paramref name="confidence"/> t-interval.</summary>
    public static MeanInterval Of(IReadOnlyList<double> values, double confidence = 0.95)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("a confidence interval needs at least one value", nameof(values));
        }

        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "must lie strictly between 0 and 1");
        }

        var n = values.Count;
        var mean = values.Average();
        if (n == 1)
        {
            return new MeanInterval(mean, double.NaN, 1, confidence);
        }

        var variance = values.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        var standardError = Math.Sqrt(variance / n);
        var t = StudentT.Quantile(1 - ((1 - confidence) / 2), n - 1);
        return new MeanInterval(mean, t * standardError, n, confidence);
    }
}
