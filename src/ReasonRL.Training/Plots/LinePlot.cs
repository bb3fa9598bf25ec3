using ScottPlot;

namespace ReasonRL.Training.Plots;

/// <summary>One curve: a label and its points.</summary>
public sealed record Series(string Label, double[] X, double[] Y);

/// <summary>
/// Line charts of training curves as PNG (ScottPlot). Noisy RL curves are drawn twice in one colour: the raw values
/// faint, an exponential moving average solid (TensorBoard's smoothing), so trends are visible without hiding noise.
/// A value far outside the bulk of the curve (e.g. one step's k3 KL estimate of 10^5 among values of 0.05) would
/// flatten every curve to a line at zero: such values are clipped to the chart's range before drawing and smoothing,
/// and the title says how many were clipped and the most extreme one.
/// </summary>
public static class LinePlot
{
    /// <param name="legendOutside">The legend beside the plot rather than over its upper-left corner (for many series that fill the area).</param>
    public static byte[] Png(string title, string xLabel, IReadOnlyList<Series> series, bool smooth = true, int width = 560, int height = 340, bool legendOutside = false)
    {
        var plot = new Plot();
        var limits = OutlierLimits([.. series.SelectMany(s => s.Y)]);
        if (limits is { } range)
        {
            var outside = series.SelectMany(s => s.Y).Where(v => v < range.Low || v > range.High).ToArray();
            var extreme = outside.MaxBy(Math.Abs);
            title = $"{title} ({outside.Length} outlier{(outside.Length == 1 ? "" : "s")} clipped, most extreme {extreme:G3})";
            series = [.. series.Select(s => s with { Y = [.. s.Y.Select(v => Math.Clamp(v, range.Low, range.High))] })];
        }

        plot.Title(title, size: limits is null ? 14 : 12);
        plot.XLabel(xLabel, size: 12);
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < series.Count; i++)
        {
            var s = series[i];
            if (s.X.Length == 0)
            {
                continue;
            }

            var color = palette.GetColor(i);
            var showSmoothed = smooth && s.X.Length >= 8;
            var raw = plot.Add.ScatterLine(s.X, s.Y);
            raw.Color = showSmoothed ? color.WithAlpha(0.3) : color;
            raw.LineWidth = showSmoothed ? 1 : 2;
            raw.MarkerSize = s.X.Length == 1 ? 6 : 0;
            if (showSmoothed)
            {
                var smoothed = plot.Add.ScatterLine(s.X, Ema(s.Y, 1.0 - (4.0 / Math.Max(8, s.Y.Length))));
                smoothed.Color = color;
                smoothed.LineWidth = 2;
                smoothed.MarkerSize = 0;
                smoothed.LegendText = s.Label;
            }
            else
            {
                raw.LegendText = s.Label;
            }
        }

        if (series.Count > 1 && legendOutside)
        {
            plot.ShowLegend(Edge.Right);
        }
        else if (series.Count > 1)
        {
            plot.ShowLegend(Alignment.UpperLeft);
        }

        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>
    /// One colour per configuration: its mean over seeds as a solid line and the range from the lowest to the highest
    /// seed as a translucent band, so the spread across seeds is visible next to the difference between configurations.
    /// </summary>
    public static byte[] BandsPng(string title, string xLabel, IReadOnlyList<Reports.SeedBand> bands, int width = 560, int height = 340)
    {
        var plot = new Plot();
        plot.Title(title, size: 14);
        plot.XLabel(xLabel, size: 12);
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < bands.Count; i++)
        {
            var band = bands[i];
            var color = palette.GetColor(i);
            if (band.Seeds > 1)
            {
                var fill = plot.Add.FillY(band.X, band.Min, band.Max);
                fill.FillColor = color.WithAlpha(0.2);
                fill.LineWidth = 0;
            }

            var mean = plot.Add.ScatterLine(band.X, band.Mean);
            mean.Color = color;
            mean.LineWidth = 2;
            mean.MarkerSize = band.X.Length == 1 ? 6 : 3;
            mean.LegendText = band.Seeds > 1 ? $"{band.Label} (mean, min–max of {band.Seeds} seeds)" : band.Label;
        }

        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>
    /// Two curves per configuration in one colour, the first solid and the second dashed, each its mean over seeds over
    /// a faint min–max band (<see cref="Reports.SvgChart.PairedBands"/> as a PNG).
    /// </summary>
    public static byte[] PairedBandsPng(string title, string xLabel, IReadOnlyList<Reports.BandPair> pairs, int width = 640, int height = 380)
    {
        var plot = new Plot();
        plot.Title(title, size: 13);
        plot.XLabel(xLabel, size: 12);
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < pairs.Count; i++)
        {
            var color = palette.GetColor(i);
            foreach (var (band, dashed) in new[] { (pairs[i].Solid, false), (pairs[i].Dashed, true) })
            {
                if (band.Seeds > 1)
                {
                    var fill = plot.Add.FillY(band.X, band.Min, band.Max);
                    fill.FillColor = color.WithAlpha(0.1);
                    fill.LineWidth = 0;
                }

                var mean = plot.Add.ScatterLine(band.X, band.Mean);
                mean.Color = color;
                mean.LineWidth = 2;
                mean.MarkerSize = 0;
                mean.LinePattern = dashed ? LinePattern.Dashed : LinePattern.Solid;
                mean.LegendText = band.Seeds > 1 ? $"{band.Label} (mean of {band.Seeds} seeds)" : band.Label;
            }
        }

        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>
    /// The range a chart keeps when some values lie far outside the bulk: the 1st to 99th percentile widened by three
    /// times its own width on each side; null when every value is inside it (nothing to clip).
    /// </summary>
    public static (double Low, double High)? OutlierLimits(IReadOnlyList<double> values)
    {
        var finite = values.Where(double.IsFinite).Order().ToArray();
        if (finite.Length < 10)
        {
            return null;
        }

        var low = finite[(int)Math.Floor(0.01 * (finite.Length - 1))];
        var high = finite[(int)Math.Ceiling(0.99 * (finite.Length - 1))];
        var width = Math.Max(high - low, 1e-12);
        (double Low, double High) range = (low - (3 * width), high + (3 * width));
        return values.Any(v => v < range.Low || v > range.High) ? range : null;
    }

    /// <summary>Exponential moving average with bias correction, like TensorBoard's smoothing slider.</summary>
    public static double[] Ema(IReadOnlyList<double> values, double weight)
    {
        var result = new double[values.Count];
        var average = 0.0;
        var correction = 1.0;
        for (var i = 0; i < values.Count; i++)
        {
            average = (average * weight) + ((1 - weight) * values[i]);
            correction *= weight;
            result[i] = average / (1 - correction);
        }

        return result;
    }
}
