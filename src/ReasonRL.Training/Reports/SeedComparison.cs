using System.Globalization;
using System.Text.Json;
using ReasonRL.Core.Io;
using ReasonRL.Core.Evaluation;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Plots;

namespace ReasonRL.Training.Reports;

/// <summary>
/// The report section that compares configurations of a sweep at equal sampling compute: arms are grouped by
/// configuration (<see cref="SeedBands"/>: <c>&lt;config&gt;-s&lt;seed&gt;</c>), a table and a chart give each configuration's
/// final held-out pass@1 as mean with its 95 % Student-t confidence interval over seeds (<see cref="MeanInterval"/>) and
/// min–max, with its sampled tokens and wall time, and plots draw held-out
/// pass@1, the training pass rate and, when a process reward model was monitored, its score and its gap to the pass
/// rate, against sampled completion tokens, as mean lines with min–max bands.
/// </summary>
internal static class SeedComparison
{
    private static readonly string[] Curves =
        [MetricNames.Eval("pass@1"), MetricNames.PassRate, "prm/score_mean", "prm/gap", MetricNames.CompletionsMeanLength];

    public static void Write(HtmlPage page, IReadOnlyList<RunReport.Arm> arms, string plotsFolder)
    {
        // The stages whose curves can be drawn against sampled tokens, and the arms that have them.
        var stages = arms.SelectMany(a => a.Stages)
            .Where(s => MetricsFile.Read(Path.Combine(s.Value, "metrics.jsonl")).Any(r => r.ContainsKey(MetricNames.SampledTokens)))
            .Select(s => s.Key).Distinct().ToList();
        var compared = arms.Where(a => stages.Any(a.Stages.ContainsKey)).ToList();
        if (compared.Count < 2)
        {
            return;
        }

        var configurations = compared.GroupBy(a => SeedBands.ConfigurationOf(a.Label)).ToList();
        page.Heading(2, "Comparison across configurations and seeds", "seeds");
        page.Paragraph("Arms named <config>-s<seed> are seeds of one configuration. Final held-out pass@1 is the last evaluation of each arm "
            + "(its eval stage, else its last periodic evaluation); curves are plotted against sampled completion tokens, the compute every arm spends alike.");
        page.Table(
            ["configuration", "seeds", "final held-out pass@1: mean ± 95 % CI (min – max)", "sampled tokens (mean)", $"PRM gap over the last {GapTailSteps} steps: mean ± 95 % CI", "wall time per arm (mean)"],
            configurations.Select(c => Row(c.Key, [.. c])));
        WriteIntervals(page, [.. configurations.Select(c => (c.Key, (IReadOnlyList<RunReport.Arm>)[.. c]))], plotsFolder);

        foreach (var stage in stages)
        {
            var charts = new List<string>();
            foreach (var metric in Curves)
            {
                var bands = configurations
                    .Select(c => SeedBands.Of(c.Key, [.. c.Where(a => a.Stages.ContainsKey(stage))
                        .Select(a => MetricsFile.Series(MetricsFile.Read(Path.Combine(a.Stages[stage], "metrics.jsonl")), metric, MetricNames.SampledTokens))]))
                    .OfType<SeedBand>()
                    .ToList();
                if (bands.Count == 0)
                {
                    continue;
                }

                var png = LinePlot.BandsPng($"{stage}: {metric}", MetricNames.SampledTokens, bands);
                AtomicFile.Write(Path.Combine(plotsFolder, $"compare__{stage}__{metric.Replace('/', '_').Replace('@', 'a')}.png"), stream => stream.Write(png));
                charts.Add(SvgChart.Bands($"{stage}: {metric}", "sampled completion tokens", Readable.UnitOf(metric), bands));
            }

            page.Charts(charts);
        }
    }

    /// <summary>
    /// The final held-out pass@1 of every configuration with at least two seeds, as mean and 95 % confidence interval
    /// with the seeds as dots (<see cref="IntervalChart"/>); also <c>plots/compare__final_pass@1.png</c>.
    /// </summary>
    private static void WriteIntervals(HtmlPage page, IReadOnlyList<(string Configuration, IReadOnlyList<RunReport.Arm> Arms)> configurations, string plotsFolder)
    {
        var seeds = configurations
            .Select(c => (c.Configuration, Values: (IReadOnlyList<double>)[.. c.Arms.Select(a => Summary(a.Folder).PassAt1).Where(double.IsFinite)]))
            .Where(c => c.Values.Count >= 2)
            .ToList();
        if (seeds.Count == 0)
        {
            return;
        }

        var rows = seeds.Select((c, i) => new IntervalRow(c.Configuration, MeanInterval.Of(c.Values), SvgChart.Palette[i % SvgChart.Palette.Count])).ToList();
        const string title = "final held-out pass@1: mean and 95 % CI over seeds";
        AtomicFile.Write(Path.Combine(plotsFolder, "compare__final_pass@1.png"), stream => stream.Write(IntervalChart.Png(title, rows)));
        page.Charts([IntervalChart.Svg(title, rows, [.. seeds.Select(c => c.Values)])]);
    }

    private static IReadOnlyList<string> Row(string configuration, IReadOnlyList<RunReport.Arm> arms)
    {
        var finals = arms.Select(a => Summary(a.Folder)).ToList();
        var passAt1 = finals.Select(f => f.PassAt1).Where(double.IsFinite).ToList();
        var tokens = finals.Select(f => f.SampledTokens).Where(double.IsFinite).ToList();
        var gaps = arms.Select(EndGap).Where(double.IsFinite).ToList();
        var wall = finals.Select(f => f.WallSeconds).Where(double.IsFinite).ToList();
        return
        [
            configuration,
            arms.Count.ToString(CultureInfo.InvariantCulture),
            passAt1.Count == 0 ? "–" : $"{PercentInterval(MeanInterval.Of(passAt1))} ({Percent(passAt1.Min())} – {Percent(passAt1.Max())})",
            tokens.Count == 0 ? "–" : Readable.Count(tokens.Average()),
            gaps.Count == 0 ? "–" : GapInterval(MeanInterval.Of(gaps)),
            wall.Count == 0 ? "–" : Readable.Duration(wall.Average()),
        ];
    }

    /// <summary>The PRM gap at the end of training is one batch's: its mean over this many last steps is steadier.</summary>
    internal const int GapTailSteps = 5;

    /// <summary>An arm's mean <c>prm/gap</c> over the last <see cref="GapTailSteps"/> steps of the stage that logged it; NaN when none did.</summary>
    private static double EndGap(RunReport.Arm arm)
    {
        var gaps = arm.Stages.Values
            .Select(folder => MetricsFile.Series(MetricsFile.Read(Path.Combine(folder, "metrics.jsonl")), "prm/gap").Values)
            .LastOrDefault(values => values.Length > 0);
        return gaps is null ? double.NaN : gaps.TakeLast(GapTailSteps).Average();
    }

    /// <summary>"42.2% ± 1.5 pts", or the mean alone for one seed.</summary>
    internal static string PercentInterval(MeanInterval interval) =>
        double.IsFinite(interval.HalfWidth) ? $"{Percent(interval.Mean)} ± {interval.HalfWidth * 100:0.0} pts" : Percent(interval.Mean);

    /// <summary>"+0.088 ± 0.031", or the mean alone for one seed.</summary>
    internal static string GapInterval(MeanInterval interval) =>
        interval.Mean.ToString("+0.000;-0.000", CultureInfo.InvariantCulture)
        + (double.IsFinite(interval.HalfWidth) ? $" ± {interval.HalfWidth:0.000}" : "");

    private static string Percent(double fraction) => Readable.Percent(fraction);

    /// <summary>An arm's final numbers from its <c>summary.json</c>: the last stage reporting pass@1 wins (an eval stage after training).</summary>
    private static (double PassAt1, double SampledTokens, double WallSeconds) Summary(string armFolder)
    {
        var path = Path.Combine(armFolder, "summary.json");
        if (!File.Exists(path))
        {
            return (double.NaN, double.NaN, double.NaN);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        double passAt1 = double.NaN, evalPassAt1 = double.NaN, tokens = double.NaN;
        foreach (var stage in document.RootElement.GetProperty("stages").EnumerateArray())
        {
            if (!stage.TryGetProperty("summary", out var numbers))
            {
                continue;
            }

            passAt1 = Number(numbers, "pass@1") is var p && double.IsFinite(p) ? p : passAt1;
            evalPassAt1 = Number(numbers, MetricNames.Eval("pass@1")) is var e && double.IsFinite(e) ? e : evalPassAt1;
            tokens = Number(numbers, MetricNames.SampledTokens) is var t && double.IsFinite(t) ? t : tokens;
        }

        var wall = document.RootElement.TryGetProperty("wall_seconds", out var seconds) ? seconds.GetDouble() : double.NaN;
        return (double.IsFinite(passAt1) ? passAt1 : evalPassAt1, tokens, wall);
    }

    private static double Number(JsonElement numbers, string name) =>
        numbers.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
}
