namespace ReasonRL.Core.Rl;

/// <summary>Mean and standard deviation as used by the advantage formulas.</summary>
public static class Statistics
{
    public static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return values.Length == 0 ? 0.0 : sum / values.Length;
    }

    /// <summary>
    /// Sample standard deviation (Bessel's correction, n − 1), as TRL and verl compute it with <c>torch.std</c>;
    /// 0 for fewer than two values.
    /// </summary>
    public static double StandardDeviation(ReadOnlySpan<double> values)
    {
        if (values.Length < 2)
        {
            return 0.0;
        }

        var mean = Mean(values);
        var squares = 0.0;
        foreach (var v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        return Math.Sqrt(squares / (values.Length - 1));
    }
}
