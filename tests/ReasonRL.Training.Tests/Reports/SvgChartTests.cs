using System.Xml.Linq;
using ReasonRL.Training.Plots;
using ReasonRL.Training.Reports;

namespace ReasonRL.Training.Tests.Reports;

public sealed class SvgChartTests
{
    [Theory]
    [InlineData(0, 1, new[] { 0, 0.2, 0.4, 0.6, 0.8, 1 })]
    [InlineData(0.13, 0.41, new[] { 0.15, 0.2, 0.25, 0.3, 0.35, 0.4 })]
    [InlineData(1, 120, new[] { 20.0, 40, 60, 80, 100, 120 })]
    [InlineData(-3, 7, new[] { -2.0, 0, 2, 4, 6 })]
    [InlineData(5, 5, new[] { 5.0 })]
    public void Ticks_are_one_two_or_five_times_a_power_of_ten(double min, double max, double[] expected) =>
        Assert.Equal(expected, SvgChart.NiceTicks(min, max));

    [Fact]
    public void A_chart_is_well_formed_svg_with_one_curve_per_series_in_its_colour()
    {
        double[] steps = [.. Enumerable.Range(1, 20).Select(i => (double)i)];
        var svg = SvgChart.Lines("eval/pass@1", "step", MetricUnit.Fraction,
            [new Series("a", steps, [.. steps.Select(s => s / 40)]), new Series("b", steps, [.. steps.Select(s => s / 50)])],
            ["#111111", "#222222"]);

        var root = XElement.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        var lines = root.Elements(ns + "polyline").ToList();
        Assert.Equal(4, lines.Count); // raw and smoothed, per series
        Assert.Equal(2, lines.Count(l => (string?)l.Attribute("stroke") == "#111111"));
        Assert.Contains(root.Elements(ns + "text"), t => t.Value == "50%"); // a percentage tick
        Assert.Contains(root.Elements(ns + "text"), t => t.Value == "b"); // legend
    }

    [Fact]
    public void An_outlier_is_clipped_and_the_title_says_so()
    {
        double[] steps = [.. Enumerable.Range(1, 200).Select(i => (double)i)];
        double[] kl = [.. steps.Select(s => s == 15 ? 1e5 : 0.05 + (s * 1e-4))];

        var svg = SvgChart.Lines("kl", "step", MetricUnit.Plain, [new Series("run", steps, kl)]);

        Assert.Contains("kl (1 outlier clipped, most extreme 100,000)", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_series_keep_each_buckets_extremes_and_at_most_the_point_budget()
    {
        double[] x = [.. Enumerable.Range(0, 5000).Select(i => (double)i)];
        double[] y = [.. x.Select(i => i == 2500 ? 9.0 : Math.Sin(i / 100))];

        var points = SvgChart.Decimate(x, y).ToList();

        Assert.True(points.Count <= SvgChart.MaxPoints, $"{points.Count} points");
        Assert.Contains(points, p => p.Y == 9.0);
        Assert.Equal(points.OrderBy(p => p.X), points);
    }

    [Fact]
    public void A_dumbbell_marks_start_and_end_of_each_row()
    {
        var svg = SvgChart.Dumbbell("pass@1", [("arm-a", 0.13, 0.41, "#0072B2"), ("arm-b", double.NaN, 0.3, "#E69F00"), ("arm-c", 0.2, double.NaN, "#000000")]);

        var root = XElement.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(3, root.Elements(ns + "circle").Count()); // arm-a: two ends; arm-b: its end; arm-c: no end, not drawn
        Assert.Contains(root.Elements(ns + "text"), t => t.Value == "41.0%");
        Assert.DoesNotContain(root.Elements(ns + "text"), t => t.Value == "arm-c");
    }
}
