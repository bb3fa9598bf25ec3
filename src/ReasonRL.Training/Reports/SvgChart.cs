using System.Globalization;
using System.Text;
using ReasonRL.Training.Plots;

namespace ReasonRL.Training.Reports;

/// <summary>
/// Line charts as inline SVG, for a report that is one small self-contained file which a browser draws crisply at any
/// size (a PNG of the same curve weighs ~30 KB; its SVG ~2–5 KB). Drawn as <see cref="LinePlot"/> draws them: noisy
/// curves faint with a solid moving average, outliers clipped to the bulk of the values (the title says so), seeds as
/// a mean line over a min–max band. Colours follow the series' order, the same in every chart of a report, so an arm
/// keeps its colour.
/// </summary>
public static class SvgChart
{
    /// <summary>Okabe–Ito colours, distinguishable with the common colour-vision deficiencies.</summary>
    public static readonly IReadOnlyList<string> Palette =
        ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"];

    private const double Width = 360, Height = 200, Left = 46, Right = 12, Top = 28, Bottom = 26;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>At most this many points of a series are drawn; longer series keep each bucket's lowest and highest.</summary>
    public const int MaxPoints = 400;

    /// <summary>One curve per series.</summary>
    /// <param name="unit">How tick labels and point values read (<see cref="Readable"/>).</param>
    /// <param name="colors">Each series' colour (default: the palette in series order), so a run keeps its colour in every chart.</param>
    /// <param name="legend">Whether the chart names its series (off where the page shows one legend for many charts).</param>
    public static string Lines(string title, string xLabel, MetricUnit unit, IReadOnlyList<Series> series, IReadOnlyList<string>? colors = null, bool legend = true)
    {
        var drawn = series.Select((s, i) => (Series: s, Color: colors?[i] ?? Palette[i % Palette.Count])).Where(s => s.Series.X.Length > 0).ToList();
        var limits = LinePlot.OutlierLimits([.. drawn.SelectMany(s => s.Series.Y)]);
        if (limits is { } range)
        {
            var outside = drawn.SelectMany(s => s.Series.Y).Where(v => v < range.Low || v > range.High).ToArray();
            title = $"{title} ({outside.Length} outlier{(outside.Length == 1 ? "" : "s")} clipped, most extreme {Readable.Value(unit, outside.MaxBy(Math.Abs))})";
            drawn = [.. drawn.Select(s => (s.Series with { Y = [.. s.Series.Y.Select(v => Math.Clamp(v, range.Low, range.High))] }, s.Color))];
        }

        var frame = Frame.Of(drawn.SelectMany(s => s.Series.X), drawn.SelectMany(s => s.Series.Y), unit);
        var svg = Begin(title, xLabel, frame, unit);
        foreach (var (s, color) in drawn)
        {
            var smooth = s.X.Length >= 8;
            svg.Append(Polyline(frame, s.X, s.Y, color, smooth ? 1 : 2, smooth ? 0.35 : 1, s.Label));
            if (smooth)
            {
                svg.Append(Polyline(frame, s.X, LinePlot.Ema(s.Y, 1.0 - (4.0 / Math.Max(8, s.Y.Length))), color, 2, 1, s.Label));
            }

            if (s.X.Length <= 12)
            {
                foreach (var (x, y) in s.X.Zip(s.Y))
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{frame.Px(x):0.#}\" cy=\"{frame.Py(y):0.#}\" r=\"2.5\" fill=\"{color}\"><title>{Escape(s.Label)}: step {Readable.Number(x)}, {Readable.Value(unit, y)}</title></circle>");
                }
            }
        }

        return End(svg, legend && drawn.Count > 1 ? drawn.Select(s => (s.Series.Label, s.Color)) : []);
    }

    /// <summary>Each band's mean as a line over its min–max range as a translucent area (one colour per configuration).</summary>
    public static string Bands(string title, string xLabel, MetricUnit unit, IReadOnlyList<SeedBand> bands)
    {
        var frame = Frame.Of(bands.SelectMany(b => b.X), bands.SelectMany(b => b.Min.Concat(b.Max)), unit);
        var svg = Begin(title, xLabel, frame, unit);
        for (var i = 0; i < bands.Count; i++)
        {
            var band = bands[i];
            var color = Palette[i % Palette.Count];
            if (band.Seeds > 1)
            {
                var upper = band.X.Zip(band.Max, (x, y) => Point(frame, x, y));
                var lower = band.X.Zip(band.Min, (x, y) => Point(frame, x, y)).Reverse();
                svg.Append(CultureInfo.InvariantCulture, $"<polygon points=\"{string.Join(' ', upper.Concat(lower))}\" fill=\"{color}\" fill-opacity=\"0.18\" stroke=\"none\"/>");
            }

            svg.Append(Polyline(frame, band.X, band.Mean, color, 2, 1, band.Label));
        }

        return End(svg, bands.Select((b, i) => (b.Seeds > 1 ? $"{b.Label} (mean, min–max of {b.Seeds} seeds)" : b.Label, Palette[i % Palette.Count])));
    }

    /// <summary>
    /// Two curves per configuration in its colour, the first solid and the second dashed, each its mean over seeds over
    /// a faint min–max band: e.g. the reward a policy was shown beside the one it was not, so a gap opening between a
    /// configuration's two lines reads at a glance, and configurations side by side.
    /// </summary>
    public static string PairedBands(string title, string xLabel, MetricUnit unit, IReadOnlyList<BandPair> pairs)
    {
        var bands = pairs.SelectMany(p => new[] { p.Solid, p.Dashed }).ToList();
        var frame = Frame.Of(bands.SelectMany(b => b.X), bands.SelectMany(b => b.Min.Concat(b.Max)), unit);
        var svg = Begin(title, xLabel, frame, unit);
        for (var i = 0; i < pairs.Count; i++)
        {
            var color = Palette[i % Palette.Count];
            foreach (var (band, dash) in new[] { (pairs[i].Solid, (string?)null), (pairs[i].Dashed, "5 3") })
            {
                if (band.Seeds > 1)
                {
                    var upper = band.X.Zip(band.Max, (x, y) => Point(frame, x, y));
                    var lower = band.X.Zip(band.Min, (x, y) => Point(frame, x, y)).Reverse();
                    svg.Append(CultureInfo.InvariantCulture, $"<polygon points=\"{string.Join(' ', upper.Concat(lower))}\" fill=\"{color}\" fill-opacity=\"0.1\" stroke=\"none\"/>");
                }

                svg.Append(Polyline(frame, band.X, band.Mean, color, 2, 1, band.Label, dash));
            }
        }

        return End(svg, pairs.Select((p, i) => (p.Label, Palette[i % Palette.Count])));
    }

    /// <summary>
    /// Where each row started and ended on a 0–100 % scale: a faint dot at the start, a solid dot at the end, joined by a
    /// line (a "dumbbell" chart), each end labelled. Rows with no end value are left out.
    /// </summary>
    public static string Dumbbell(string title, IReadOnlyList<(string Label, double From, double To, string Color)> rows)
    {
        var drawn = rows.Where(r => double.IsFinite(r.To)).ToList();
        const double labelWidth = 110, rowHeight = 22, top = 30;
        var height = top + (drawn.Count * rowHeight) + 18;
        double Px(double fraction) => labelWidth + (Math.Clamp(fraction, 0, 1) * (Width - labelWidth - 40));
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg class=\"chart dumbbell\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"{Escape(title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(Invariant, $"<text class=\"title\" x=\"4\" y=\"14\">{Escape(title)}</text>");
        foreach (var tick in new[] { 0.0, 0.25, 0.5, 0.75, 1.0 })
        {
            svg.Append(Invariant, $"<line class=\"grid\" x1=\"{Px(tick):0.#}\" x2=\"{Px(tick):0.#}\" y1=\"{top - 8}\" y2=\"{height - 16}\"/>");
            svg.Append(Invariant, $"<text class=\"tick\" x=\"{Px(tick):0.#}\" y=\"{height - 4}\" text-anchor=\"middle\">{tick * 100:0}%</text>");
        }

        for (var i = 0; i < drawn.Count; i++)
        {
            var (label, from, to, color) = drawn[i];
            var y = top + (i * rowHeight) + 6;
            svg.Append(Invariant, $"<text class=\"tick\" x=\"{labelWidth - 8}\" y=\"{y + 3:0.#}\" text-anchor=\"end\">{Escape(label)}</text>");
            if (double.IsFinite(from))
            {
                svg.Append(Invariant, $"<line x1=\"{Px(from):0.#}\" x2=\"{Px(to):0.#}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{color}\" stroke-width=\"3\" stroke-opacity=\"0.45\"/>");
                svg.Append(Invariant, $"<circle cx=\"{Px(from):0.#}\" cy=\"{y}\" r=\"4\" fill=\"#fff\" stroke=\"{color}\" stroke-width=\"2\"><title>{Escape(label)}: first {Readable.Percent(from)}</title></circle>");
            }

            svg.Append(Invariant, $"<circle cx=\"{Px(to):0.#}\" cy=\"{y}\" r=\"5\" fill=\"{color}\"><title>{Escape(label)}: last {Readable.Percent(to)}</title></circle>");
            var right = !double.IsFinite(from) || to >= from;
            svg.Append(Invariant, $"<text class=\"legend\" x=\"{Px(to) + (right ? 8 : -8):0.#}\" y=\"{y + 3:0.#}\" text-anchor=\"{(right ? "start" : "end")}\">{Readable.Percent(to)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>
    /// Tick values covering [min, max], spaced 1, 2 or 5 × 10ⁿ apart: the spacing whose number of ticks comes closest to
    /// <paramref name="count"/> (the wider spacing on a tie).
    /// </summary>
    public static double[] NiceTicks(double min, double max, int count = 5)
    {
        if (!(max > min))
        {
            return [min];
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10((max - min) / count)));
        static int Count(double min, double max, double step) => (int)(Math.Floor((max / step) + 1e-9) - Math.Ceiling((min / step) - 1e-9)) + 1;
        var step = new[] { 10.0, 5.0, 2.0, 1.0 }.Select(m => m * power).MinBy(s => Math.Abs(Count(min, max, s) - count));
        var first = Math.Ceiling((min / step) - 1e-9);
        var last = Math.Floor((max / step) + 1e-9);
        // Rounded so that 3 × 0.1 reads 0.3; adding 0.0 turns −0 into 0.
        return [.. Enumerable.Range(0, (int)(last - first) + 1).Select(i => Math.Round((first + i) * step, 12) + 0.0)];
    }

    /// <summary>Where data lands on the chart: the data ranges (widened to whole ticks) and their pixel mapping.</summary>
    private sealed record Frame(double XMin, double XMax, double YMin, double YMax, double[] XTicks, double[] YTicks)
    {
        public static Frame Of(IEnumerable<double> xs, IEnumerable<double> ys, MetricUnit unit)
        {
            var (xMin, xMax) = Range(xs);
            var (yMin, yMax) = Range(ys);
            if (unit == MetricUnit.Fraction && yMin >= 0 && yMax <= 1)
            {
                // Rates read against their whole scale only when they span much of it; small rates keep their detail.
                (yMin, yMax) = yMax - yMin > 0.25 ? (0, Math.Max(yMax, 0.05)) : (yMin, yMax);
            }

            if (yMax - yMin < 1e-12)
            {
                var pad = Math.Max(Math.Abs(yMax) * 0.1, 1e-3);
                (yMin, yMax) = (yMin - pad, yMax + pad);
            }

            if (xMax - xMin < 1e-12)
            {
                (xMin, xMax) = (xMin - 1, xMax + 1);
            }

            return new Frame(xMin, xMax, yMin, yMax, NiceTicks(xMin, xMax), NiceTicks(yMin, yMax));
        }

        private static (double Min, double Max) Range(IEnumerable<double> values)
        {
            var finite = values.Where(double.IsFinite).ToList();
            return finite.Count == 0 ? (0, 1) : (finite.Min(), finite.Max());
        }

        public double Px(double x) => Left + ((x - XMin) / (XMax - XMin) * (Width - Left - Right));

        public double Py(double y) => Top + ((YMax - y) / (YMax - YMin) * (Height - Top - Bottom));
    }

    private static StringBuilder Begin(string title, string xLabel, Frame frame, MetricUnit unit)
    {
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Escape(title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(Invariant, $"<text class=\"title\" x=\"{Left}\" y=\"14\">{Escape(title)}</text>");
        foreach (var y in frame.YTicks)
        {
            var py = frame.Py(y);
            svg.Append(Invariant, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{py:0.#}\" y2=\"{py:0.#}\"/>");
            svg.Append(Invariant, $"<text class=\"tick\" x=\"{Left - 4}\" y=\"{py + 3:0.#}\" text-anchor=\"end\">{Escape(TickLabel(unit, y, frame.YTicks))}</text>");
        }

        foreach (var x in frame.XTicks)
        {
            svg.Append(Invariant, $"<text class=\"tick\" x=\"{frame.Px(x):0.#}\" y=\"{Height - Bottom + 12}\" text-anchor=\"middle\">{Escape(Readable.Number(x))}</text>");
        }

        svg.Append(Invariant, $"<text class=\"axis\" x=\"{Width - Right}\" y=\"{Height - 3}\" text-anchor=\"end\">{Escape(xLabel)}</text>");
        svg.Append(Invariant, $"<line class=\"frame\" x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Height - Bottom}\"/>");
        svg.Append(Invariant, $"<line class=\"frame\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Height - Bottom}\" y2=\"{Height - Bottom}\"/>");
        return svg;
    }

    private static string End(StringBuilder svg, IEnumerable<(string Label, string Color)> legend)
    {
        var x = Left + 4;
        foreach (var (label, color) in legend)
        {
            svg.Append(Invariant, $"<rect x=\"{x}\" y=\"{Top - 7}\" width=\"8\" height=\"3\" fill=\"{color}\"/>");
            svg.Append(Invariant, $"<text class=\"legend\" x=\"{x + 11}\" y=\"{Top - 3}\">{Escape(label)}</text>");
            x += 18 + (label.Length * 4.6);
        }

        return svg.Append("</svg>").ToString();
    }

    private static string Polyline(Frame frame, IReadOnlyList<double> xs, IReadOnlyList<double> ys, string color, double width, double opacity, string label, string? dash = null)
    {
        var points = Decimate(xs, ys).Select(p => Point(frame, p.X, p.Y));
        var dashArray = dash is null ? "" : $" stroke-dasharray=\"{dash}\"";
        return string.Create(Invariant,
            $"<polyline points=\"{string.Join(' ', points)}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{width}\" stroke-opacity=\"{opacity}\"{dashArray} stroke-linejoin=\"round\"><title>{Escape(label)}</title></polyline>");
    }

    private static string Point(Frame frame, double x, double y) => string.Create(Invariant, $"{frame.Px(x):0.#},{frame.Py(y):0.#}");

    /// <summary>At most <see cref="MaxPoints"/> points: each bucket of neighbours keeps its lowest and highest, in x order.</summary>
    internal static IEnumerable<(double X, double Y)> Decimate(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        var points = xs.Zip(ys).Where(p => double.IsFinite(p.Second)).ToList();
        if (points.Count <= MaxPoints)
        {
            return points;
        }

        var bucket = (int)Math.Ceiling(points.Count / (MaxPoints / 2.0));
        return points.Chunk(bucket).SelectMany(chunk =>
        {
            var low = Array.IndexOf(chunk, chunk.MinBy(p => p.Second));
            var high = Array.IndexOf(chunk, chunk.MaxBy(p => p.Second));
            return low == high ? new[] { chunk[low] } : new[] { chunk[Math.Min(low, high)], chunk[Math.Max(low, high)] };
        });
    }

    /// <summary>Tick labels in the metric's unit; fractions as whole percentages unless the ticks are closer than 1 %.</summary>
    private static string TickLabel(MetricUnit unit, double value, double[] ticks) => unit switch
    {
        MetricUnit.Fraction when ticks.Length < 2 || ticks[1] - ticks[0] >= 0.01 => (value * 100).ToString("0", Invariant) + "%",
        MetricUnit.Fraction => (value * 100).ToString("0.#", Invariant) + "%",
        MetricUnit.Seconds => Readable.Number(value) + " s",
        MetricUnit.Flops => Readable.Engineering(value),
        _ => Readable.Number(value),
    };

    private static string Escape(string text) => HtmlPage.Encode(text);
}
