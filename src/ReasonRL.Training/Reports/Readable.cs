using System.Globalization;

namespace ReasonRL.Training.Reports;

/// <summary>How a metric's value is best read by a person.</summary>
public enum MetricUnit
{
    /// <summary>A plain number: 3 significant digits, thousands separators.</summary>
    Plain,

    /// <summary>A fraction in [0, 1] shown as a percentage (pass@1, rates, ratios).</summary>
    Fraction,

    /// <summary>A count (tokens, steps): a whole number with thousands separators.</summary>
    Count,

    /// <summary>A duration in seconds: seconds, minutes or hours.</summary>
    Seconds,

    /// <summary>Floating-point operations: engineering notation with SI prefixes (21.4 TFLOP).</summary>
    Flops,
}

/// <summary>
/// Numbers formatted for people (invariant culture, so a report reads the same on every machine): percentages for
/// fractions, thousands separators for counts, seconds as minutes and hours, FLOPs in engineering notation.
/// </summary>
public static class Readable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The unit a metric is read in, from its name (the project's metric names, <see cref="Metrics.MetricNames"/>).</summary>
    public static MetricUnit UnitOf(string metric)
    {
        var name = metric.StartsWith("eval/", StringComparison.Ordinal) ? metric["eval/".Length..] : metric;
        if (name == "compute/flops" || name.EndsWith("flops", StringComparison.Ordinal))
        {
            return MetricUnit.Flops;
        }

        if (name.StartsWith("time/", StringComparison.Ordinal) || name is "step_time" or "wall_seconds" || name.EndsWith("_seconds", StringComparison.Ordinal))
        {
            return MetricUnit.Seconds;
        }

        if (name.StartsWith("pass@", StringComparison.Ordinal) || name.StartsWith("maj@", StringComparison.Ordinal)
            || name.StartsWith("flags/", StringComparison.Ordinal) || name.StartsWith("clip_ratio/", StringComparison.Ordinal)
            || name.EndsWith("_rate", StringComparison.Ordinal) || name.EndsWith("ratio", StringComparison.Ordinal)
            || name is "frac_reward_zero_std" || name.StartsWith("kept/pass_rate", StringComparison.Ordinal))
        {
            return MetricUnit.Fraction;
        }

        if (name is "num_tokens" or "sampled_tokens" or "compute/tokens" or "step" or "distinct_answers" || name.EndsWith("_tokens", StringComparison.Ordinal))
        {
            return MetricUnit.Count;
        }

        return MetricUnit.Plain;
    }

    /// <summary>A metric's value in the unit its name implies.</summary>
    public static string Metric(string metric, double value) => Value(UnitOf(metric), value);

    public static string Value(MetricUnit unit, double value) => unit switch
    {
        _ when !double.IsFinite(value) => "–",
        MetricUnit.Fraction => Percent(value),
        MetricUnit.Count => Count(value),
        MetricUnit.Seconds => Duration(value),
        MetricUnit.Flops => Flops(value),
        _ => Number(value),
    };

    /// <summary>0.4081 → "40.8%".</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", Invariant) + "%";

    /// <summary>A difference of two fractions in percentage points: 0.28 → "+28.0 pts".</summary>
    public static string PercentagePoints(double difference) => (difference * 100).ToString("+0.0;−0.0;0.0", Invariant) + " pts";

    /// <summary>1234567.4 → "1,234,567".</summary>
    public static string Count(double value) => Math.Round(value).ToString("#,0", Invariant);

    /// <summary>
    /// Three significant digits, thousands separators above 1,000, scientific notation outside [10⁻³, 10⁹):
    /// 0.04 → "0.04", 12.345 → "12.3", 54321 → "54,321", 0.000012 → "1.2e-5".
    /// </summary>
    public static string Number(double value)
    {
        var magnitude = Math.Abs(value);
        if (magnitude == 0)
        {
            return "0";
        }

        if (magnitude >= 1e9 || magnitude < 1e-3)
        {
            return value.ToString("0.##e0", Invariant);
        }

        if (magnitude >= 1000)
        {
            return value.ToString("#,0", Invariant);
        }

        var decimals = Math.Max(0, 2 - (int)Math.Floor(Math.Log10(magnitude)));
        return Math.Round(value, decimals).ToString("0." + new string('#', Math.Max(decimals, 1)), Invariant);
    }

    /// <summary>Seconds for people: "0.42 s", "42 s", "3 min 20 s", "2 h 05 min".</summary>
    public static string Duration(double seconds)
    {
        if (seconds < 10)
        {
            return Number(seconds) + " s";
        }

        var whole = (long)Math.Round(seconds);
        if (whole < 60)
        {
            return whole.ToString(Invariant) + " s";
        }

        if (whole < 3600)
        {
            return string.Create(Invariant, $"{whole / 60} min {whole % 60:00} s");
        }

        var minutes = (whole + 30) / 60;
        return string.Create(Invariant, $"{minutes / 60} h {minutes % 60:00} min");
    }

    /// <summary>Engineering notation with an SI prefix: 21356328294400 → "21.4 TFLOP".</summary>
    public static string Flops(double flops) => Engineering(flops) + "FLOP";

    /// <summary>A value with an SI prefix (exponent a multiple of three) and three significant digits: 21.4e12 → "21.4 T".</summary>
    public static string Engineering(double value)
    {
        string[] prefixes = ["", "k", "M", "G", "T", "P", "E"];
        var magnitude = Math.Abs(value);
        var exponent = magnitude < 1 ? 0 : Math.Min((int)Math.Floor(Math.Log10(magnitude) / 3), prefixes.Length - 1);
        var scaled = value / Math.Pow(1000, exponent);
        // Rounding to three significant digits can carry into the next prefix (999.96 k → 1.00 M).
        if (Math.Abs(Math.Round(scaled, Math.Max(0, 2 - (int)Math.Floor(Math.Log10(Math.Max(Math.Abs(scaled), 1)))))) >= 1000 && exponent < prefixes.Length - 1)
        {
            exponent++;
            scaled /= 1000;
        }

        return Number(scaled) + " " + prefixes[exponent];
    }
}
