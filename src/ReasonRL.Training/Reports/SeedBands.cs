using System.Text.RegularExpressions;

namespace ReasonRL.Training.Reports;

/// <summary>The curves of several seeds of one configuration summarised on a common x grid: mean, lowest and highest.</summary>
public sealed record SeedBand(string Label, int Seeds, double[] X, double[] Mean, double[] Min, double[] Max);

/// <summary>One configuration's two curves drawn together (<see cref="SvgChart.PairedBands"/>): the first solid, the second dashed.</summary>
public sealed record BandPair(string Label, SeedBand Solid, SeedBand Dashed);

/// <summary>
/// Groups sweep arms by configuration and summarises seeds. An arm named <c>&lt;config&gt;-s&lt;seed&gt;</c> (e.g.
/// <c>outcome-s2</c>) belongs to configuration <c>&lt;config&gt;</c>; any other arm is a configuration of its own.
/// </summary>
public static partial class SeedBands
{
    [GeneratedRegex(@"^(?<config>.+)-s(?<seed>\d+)$")]
    private static partial Regex SeedSuffix();

    /// <summary>The configuration an arm belongs to.</summary>
    public static string ConfigurationOf(string arm) =>
        SeedSuffix().Match(arm) is { Success: true } match ? match.Groups["config"].Value : arm;

    /// <summary>
    /// Mean, min and max of the seeds' curves at every x where one of them has a point and all of them are defined (the
    /// range every curve covers), each curve linearly interpolated between its points. Curves with no points are left
    /// out; null when none is left or the curves do not overlap.
    /// </summary>
    /// <param name="curves">Per seed, its points in increasing x.</param>
    public static SeedBand? Of(string label, IReadOnlyList<(double[] X, double[] Y)> curves)
    {
        var used = curves.Where(c => c.X.Length > 0).ToList();
        if (used.Count == 0)
        {
            return null;
        }

        var from = used.Max(c => c.X[0]);
        var to = used.Min(c => c.X[^1]);
        var grid = used.SelectMany(c => c.X).Where(x => x >= from && x <= to).Distinct().Order().ToArray();
        if (grid.Length == 0)
        {
            return null;
        }

        var values = grid.Select(x => used.Select(c => Interpolate(c.X, c.Y, x)).ToArray()).ToArray();
        return new SeedBand(label, used.Count, grid, [.. values.Select(v => v.Average())], [.. values.Select(v => v.Min())], [.. values.Select(v => v.Max())]);
    }

    /// <summary>The curve's value at <paramref name="x"/> (within its range), linear between neighbouring points.</summary>
    public static double Interpolate(IReadOnlyList<double> xs, IReadOnlyList<double> ys, double x)
    {
        var right = 0;
        while (right < xs.Count - 1 && xs[right] < x)
        {
            right++;
        }

        if (right == 0 || xs[right] == x)
        {
            return ys[right];
        }

        var left = right - 1;
        var t = (x - xs[left]) / (xs[right] - xs[left]);
        return ys[left] + (t * (ys[right] - ys[left]));
    }
}
