using System.Globalization;
using System.Text;
using ReasonRL.Core.Evaluation;
using ScottPlot;

namespace ReasonRL.Training.Reports;

/// <summary>One row of an <see cref="IntervalChart"/>: a configuration's mean over seeds with its confidence interval.</summary>
public sealed record IntervalRow(string Label, MeanInterval Interval, string Color);

/// <summary>
/// Final scores per configuration on a 0–100 % scale: a dot at the mean over seeds and an error bar over its
/// confidence interval (<see cref="MeanInterval"/>), the seeds themselves as small open dots, so "is the difference
/// between two arms larger than the spread across seeds" reads at a glance. As inline SVG for the report and as a PNG
/// (bars with error bars) for slides.
/// </summary>
public static class IntervalChart
{
    private const double Width = 360, LabelWidth = 96, RowHeight = 24, Top = 30;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <param name="seeds">Per row, the values the interval was computed from.</param>
    public static string Svg(string title, IReadOnlyList<IntervalRow> rows, IReadOnlyList<IReadOnlyList<double>> seeds)
    {
        var height = Top + (rows.Count * RowHeight) + 18;
        var high = Math.Min(1, Math.Ceiling(rows.Select(r => double.IsFinite(r.Interval.High) ? r.Interval.High : r.Interval.Mean)
            .Concat(seeds.SelectMany(s => s)).DefaultIfEmpty(1).Max() * 4 + 1e-9) / 4);
        double Px(double fraction) => LabelWidth + (Math.Clamp(fraction, 0, high) / high * (Width - LabelWidth - 64));
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg class=\"chart intervals\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"{HtmlPage.Encode(title)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(Invariant, $"<text class=\"title\" x=\"4\" y=\"14\">{HtmlPage.Encode(title)}</text>");
        foreach (var tick in SvgChart.NiceTicks(0, high, 4))
        {
            svg.Append(Invariant, $"<line class=\"grid\" x1=\"{Px(tick):0.#}\" x2=\"{Px(tick):0.#}\" y1=\"{Top - 8}\" y2=\"{height - 16}\"/>");
            svg.Append(Invariant, $"<text class=\"tick\" x=\"{Px(tick):0.#}\" y=\"{height - 4}\" text-anchor=\"middle\">{tick * 100:0}%</text>");
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var (label, interval, color) = rows[i];
            var y = Top + (i * RowHeight) + 6;
            svg.Append(Invariant, $"<text class=\"tick\" x=\"{LabelWidth - 8}\" y=\"{y + 3:0.#}\" text-anchor=\"end\">{HtmlPage.Encode(label)}</text>");
            var text = $"{Readable.Percent(interval.Mean)}";
            if (double.IsFinite(interval.HalfWidth))
            {
                var (x1, x2) = (Px(interval.Low), Px(interval.High));
                svg.Append(Invariant, $"<line x1=\"{x1:0.#}\" x2=\"{x2:0.#}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{color}\" stroke-width=\"2\"/>");
                svg.Append(Invariant, $"<line x1=\"{x1:0.#}\" x2=\"{x1:0.#}\" y1=\"{y - 5}\" y2=\"{y + 5}\" stroke=\"{color}\" stroke-width=\"2\"/>");
                svg.Append(Invariant, $"<line x1=\"{x2:0.#}\" x2=\"{x2:0.#}\" y1=\"{y - 5}\" y2=\"{y + 5}\" stroke=\"{color}\" stroke-width=\"2\"/>");
                text += $" ± {interval.HalfWidth * 100:0.0}";
            }

            foreach (var seed in i < seeds.Count ? seeds[i] : [])
            {
                svg.Append(Invariant, $"<circle cx=\"{Px(seed):0.#}\" cy=\"{y}\" r=\"2.5\" fill=\"#fff\" stroke=\"{color}\" stroke-width=\"1\"><title>{HtmlPage.Encode(label)}: one seed {Readable.Percent(seed)}</title></circle>");
            }

            svg.Append(Invariant, $"<circle cx=\"{Px(interval.Mean):0.#}\" cy=\"{y}\" r=\"4.5\" fill=\"{color}\"><title>{HtmlPage.Encode(label)}: mean {Readable.Percent(interval.Mean)}, {interval.Confidence * 100:0}% CI {Readable.Percent(interval.Low)} – {Readable.Percent(interval.High)} ({interval.Count} seeds)</title></circle>");
            var right = double.IsFinite(interval.High) ? interval.High : interval.Mean;
            svg.Append(Invariant, $"<text class=\"legend\" x=\"{Px(right) + 8:0.#}\" y=\"{y + 3:0.#}\">{HtmlPage.Encode(text)}</text>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>The same as a bar chart: one bar per configuration at its mean, an error bar over its interval.</summary>
    public static byte[] Png(string title, IReadOnlyList<IntervalRow> rows, int width = 560, int height = 340)
    {
        var plot = new Plot();
        plot.Title(title, size: 13);
        plot.YLabel("held-out pass@1 (%)", size: 12);
        var palette = new ScottPlot.Palettes.Category10();
        var bars = rows.Select((r, i) => new Bar
        {
            Position = i,
            Value = r.Interval.Mean * 100,
            Error = double.IsFinite(r.Interval.HalfWidth) ? r.Interval.HalfWidth * 100 : 0,
            FillColor = palette.GetColor(i),
        }).ToList();
        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. rows.Select((_, i) => (double)i)], [.. rows.Select(r => r.Label)]);
        plot.Axes.Margins(bottom: 0);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
