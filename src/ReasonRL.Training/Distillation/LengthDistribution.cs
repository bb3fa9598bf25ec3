namespace ReasonRL.Training.Distillation;

/// <summary>
/// A length distribution: mean, nearest-rank percentiles (the p-th percentile of n sorted values is value number
/// ⌈p·n/100⌉), and a histogram of <see cref="Bins"/> equal-width bins from the minimum to the maximum.
/// </summary>
public sealed record LengthDistribution(
    int Count, double Mean, int Min, int P10, int P50, int P90, int P99, int Max, IReadOnlyList<HistogramBin> Histogram)
{
    public const int Bins = 10;

    public static LengthDistribution Of(IReadOnlyList<int> values)
    {
        if (values.Count == 0)
        {
            return new LengthDistribution(0, 0, 0, 0, 0, 0, 0, 0, []);
        }

        var sorted = values.Order().ToArray();
        int Percentile(int p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length / 100.0) - 1)];
        var (min, max) = (sorted[0], sorted[^1]);
        var width = Math.Max(1, (int)Math.Ceiling((max - min + 1) / (double)Bins));
        var histogram = new List<HistogramBin>();
        for (var from = min; from <= max; from += width)
        {
            var to = from + width - 1;
            histogram.Add(new HistogramBin(from, to, sorted.Count(v => v >= from && v <= to)));
        }

        return new LengthDistribution(sorted.Length, sorted.Average(), min, Percentile(10), Percentile(50), Percentile(90), Percentile(99), max, histogram);
    }
}

/// <summary>How many values lie in [<see cref="From"/>, <see cref="To"/>] (both inclusive).</summary>
public sealed record HistogramBin(int From, int To, int Count);
