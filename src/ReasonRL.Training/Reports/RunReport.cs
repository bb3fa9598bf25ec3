using System.Globalization;
using System.Text;
using ReasonRL.Core.Io;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Plots;

namespace ReasonRL.Training.Reports;

/// <summary>
/// Writes <c>report.html</c> and <c>plots/*.png</c> for a run folder from the folder alone (the resolved recipe,
/// <c>summary.json</c>, and each stage's <c>metrics.jsonl</c> and <c>samples.jsonl</c>). The page tells the run's story
/// first: what the recipe asked, one sentence per arm with its headline numbers (<see cref="RunStory"/>), the headline
/// curves with a sweep's arms overlaid (one colour per arm throughout), then completions from early and late training
/// side by side; every metric, the timings and the resolved recipe follow, grouped and collapsed. The page is one
/// self-contained file (inline SVG, no script); the PNGs in <c>plots/</c> are for slides.
/// </summary>
public static class RunReport
{
    /// <summary>
    /// Metrics shown first, in this order, when a stage logged them; every other metric follows under "Details". A name
    /// ending in <c>@k</c> stands for every k the stage logged (<c>eval/maj@k</c> shows <c>eval/maj@4</c>).
    /// </summary>
    private static readonly string[] Headline =
    [
        "llc", MetricNames.Eval("pass@1"), MetricNames.Eval("maj@k"), MetricNames.PassRate, MetricNames.Reward,
        MetricNames.CompletionsMeanLength, MetricNames.ReflectionRate, MetricNames.Kl, MetricNames.Entropy,
        MetricNames.Loss, MetricNames.EvalLoss, MetricNames.Eval("mean_length"), MetricNames.Eval("reflection_rate"),
        MetricNames.Eval(MetricNames.ReflectivePassRate), MetricNames.Eval(MetricNames.NonReflectivePassRate),
    ];

    /// <summary>Builds the report; returns the path of <c>report.html</c>.</summary>
    public static string Write(string runFolder)
    {
        var root = Path.GetFullPath(runFolder);
        var arms = Arms(root);
        var name = Path.GetFileName(root);
        var page = new HtmlPage($"{name} · ReasonRL report");
        var recipePath = Path.Combine(root, "recipe.resolved.yaml");
        var findings = Findings(root, arms);

        page.Heading(1, name);
        if (DescriptionOf(recipePath) is { } description)
        {
            page.Paragraph(description, "lead");
        }

        page.Paragraph(Meta(root, arms, findings), "meta");
        WriteStory(page, arms, findings);

        var plotsFolder = Path.Combine(root, "plots");
        Directory.CreateDirectory(plotsFolder);
        SeedComparison.Write(page, arms, plotsFolder);
        PrmGapSection.Write(page, arms, plotsFolder);
        VisibleHiddenSection.Write(page, arms, plotsFolder);

        var series = arms.SelectMany(a => a.Stages.Keys).Distinct().ToDictionary(s => s, s => StageSeries(s, arms), StringComparer.Ordinal);
        if (HeadlineStage(series) is { } headlineStage)
        {
            var metrics = HeadlineOf(MetricsOf(series[headlineStage]));
            page.Heading(2, $"Headline curves · stage {headlineStage}", "curves");
            page.Raw(Legend(arms, series[headlineStage]));
            page.Charts(metrics.Select(m => Chart(m, series[headlineStage])));
            WriteSamples(page, headlineStage, arms);
        }

        TestTimeChart.Write(page, arms.SelectMany(a => a.Stages.Select(s => (arms.Count > 1 ? $"{a.Label} · {s.Key}" : s.Key, s.Value))), plotsFolder);
        foreach (var (stage, stageSeries) in series.Where(s => MetricsOf(s.Value).Contains(LlcMetric)))
        {
            WriteLlc(page, stage, stageSeries);
        }

        page.Heading(2, "Details", "details");
        WriteComparison(page, root, arms);
        foreach (var (stage, stageSeries) in series)
        {
            var metrics = MetricsOf(stageSeries);
            page.Details($"Stage {stage}: every curve ({metrics.Count})", p =>
            {
                p.Raw(Legend(arms, stageSeries));
                foreach (var group in metrics.GroupBy(GroupOf).OrderBy(g => g.Key == "" ? "" : "~" + g.Key, StringComparer.Ordinal))
                {
                    p.Details($"{(group.Key == "" ? "main" : group.Key + "/")} ({group.Count()})", q => q.Charts(group.Select(m => Chart(m, stageSeries))), open: group.Key == "");
                }

                if (Timings(stageSeries) is { Length: > 0 } timings)
                {
                    p.Details("Time per step", q => q.Raw(timings), open: true);
                }
            });
            WritePngs(stage, stageSeries, metrics, plotsFolder);
        }

        WriteStageResults(page, arms);
        if (File.Exists(recipePath))
        {
            page.Details("Resolved recipe", p => p.Preformatted(File.ReadAllText(recipePath)));
        }

        page.Paragraph($"Written {DateTime.Now:yyyy-MM-dd HH:mm} from {root} by `reasonrl report`.", "meta");
        var reportPath = Path.Combine(root, "report.html");
        AtomicFile.WriteAllText(reportPath, page.ToString());
        return reportPath;
    }

    private const string LlcMetric = "llc";

    /// <summary>
    /// An <c>llc</c> stage: λ̂ against training step beside held-out pass@1, completion length and KL at the same
    /// checkpoints, a table of the numbers, and each checkpoint's SGLD loss traces.
    /// </summary>
    private static void WriteLlc(HtmlPage page, string stage, List<ArmSeries> series)
    {
        page.Heading(2, $"Local learning coefficient · stage {stage}", "llc");
        page.Paragraph("λ̂ = nβ (E[L_n(w)] − L_n(w*)) by SGLD around each checkpoint's weights (Lau et al., arXiv 2308.12108), on the same data with the same sampler at every checkpoint: the effective number of parameters the checkpoint uses. A jump or a turn in it marks a change in the solution's structure (a developmental stage).");
        string[] beside = [LlcMetric, MetricNames.Eval("pass@1"), MetricNames.CompletionsMeanLength, MetricNames.Kl];
        var metrics = MetricsOf(series);
        page.Charts(beside.Where(metrics.Contains).Select(m => Chart(m, series)));
        string Cell(IReadOnlyDictionary<string, double> row, string metric, string format) =>
            row.TryGetValue(metric, out var v) ? v.ToString(format, CultureInfo.InvariantCulture) : "";
        page.Table(
            ["run / arm", "step", "λ̂ ± s.e.", "L_n(w*)", "pass@1", "length", "KL", "seconds", "warnings"],
            series.SelectMany(s => s.Rows.Select(r => (IReadOnlyList<string>)
            [
                s.Arm.Label, Cell(r, MetricNames.Step, "0"), $"{Cell(r, LlcMetric, "F2")} ± {Cell(r, "llc/std_error", "F2")}", Cell(r, "llc/init_loss", "F4"),
                Cell(r, MetricNames.Eval("pass@1"), "P1"), Cell(r, MetricNames.CompletionsMeanLength, "F1"), Cell(r, MetricNames.Kl, "F4"),
                Cell(r, "llc/seconds", "F0"), Cell(r, "llc/warnings", "0"),
            ])));
        foreach (var arm in series.Select(s => s.Arm))
        {
            var plots = Directory.EnumerateDirectories(arm.Stages[stage], "step-*")
                .Select(d => Path.Combine(d, Llc.LlcFiles.PlotFile))
                .Where(File.Exists)
                .Order(StringComparer.Ordinal)
                .ToList();
            if (plots.Count > 0)
            {
                page.Details(
                    $"{(series.Count > 1 ? arm.Label + ": " : "")}SGLD loss traces at {plots.Count} checkpoints (each should rise from L_n(w*) and level off before the end of burn-in)",
                    p => p.Raw(string.Concat(plots.Select(png => $"<img alt=\"{HtmlPage.Encode(Path.GetFileName(Path.GetDirectoryName(png))!)}\" src=\"data:image/png;base64,{Convert.ToBase64String(File.ReadAllBytes(png))}\">"))));
            }
        }
    }

    /// <summary>One arm of a sweep (or the whole run): its label, folder, stage folders by name and colour.</summary>
    internal sealed record Arm(string Label, string Folder, IReadOnlyDictionary<string, string> Stages, string Color);

    /// <summary>One arm's curves of one stage.</summary>
    private sealed record ArmSeries(Arm Arm, IReadOnlyList<IReadOnlyDictionary<string, double>> Rows);

    private static List<Arm> Arms(string root)
    {
        var arms = new List<Arm>();
        string Color() => SvgChart.Palette[arms.Count % SvgChart.Palette.Count];
        if (StageFolders(root) is { Count: > 0 } stages)
        {
            arms.Add(new Arm(Path.GetFileName(root), root, stages, Color()));
        }

        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(folder, "summary.json")) && StageFolders(folder) is { Count: > 0 } armStages)
            {
                arms.Add(new Arm(Path.GetFileName(folder), folder, armStages, Color()));
            }
        }

        return arms;
    }

    private static Dictionary<string, string> StageFolders(string folder) =>
        Directory.EnumerateDirectories(folder)
            .Where(d => File.Exists(Path.Combine(d, "metrics.jsonl")) || File.Exists(Path.Combine(d, "result.json")))
            .Order(StringComparer.Ordinal)
            .ToDictionary(d => Path.GetFileName(d), d => d, StringComparer.Ordinal);

    /// <summary>
    /// One finding per arm. In a sweep the run folder holds the stages every arm shares (e.g. the base model's
    /// evaluation), which open each arm's story; the run folder is then no finding of its own.
    /// </summary>
    private static List<ArmFinding> Findings(string root, List<Arm> arms)
    {
        var rootSummary = Path.Combine(root, "summary.json");
        var sweepArms = arms.Where(a => a.Folder != root).ToList();
        if (sweepArms.Count == 0)
        {
            return [.. arms.Select(a => RunStory.Of(a.Label, SummaryFile.Stages(rootSummary), a.Stages, SummaryFile.WallSeconds(rootSummary)))];
        }

        var shared = SummaryFile.Stages(rootSummary);
        var sharedFolders = arms.FirstOrDefault(a => a.Folder == root)?.Stages ?? new Dictionary<string, string>();
        return [.. sweepArms.Select(a =>
        {
            var summary = Path.Combine(a.Folder, "summary.json");
            var folders = sharedFolders.Concat(a.Stages).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
            return RunStory.Of(a.Label, [.. shared, .. SummaryFile.Stages(summary)], folders, SummaryFile.WallSeconds(summary));
        })];
    }

    private static string Meta(string root, List<Arm> arms, List<ArmFinding> findings)
    {
        var parts = new List<string>();
        var sweepArms = arms.Count(a => a.Folder != root);
        if (sweepArms > 0)
        {
            parts.Add($"sweep of {sweepArms} arms");
        }

        // In the order they ran (summary.json), the report stage itself left out.
        var stages = arms.SelectMany(a => SummaryFile.Stages(Path.Combine(a.Folder, "summary.json")))
            .Where(s => s.Kind != "report").Select(s => s.Name).Distinct().ToList();
        if (stages.Count > 0)
        {
            parts.Add("stages " + string.Join(" → ", stages));
        }

        var wall = SummaryFile.WallSeconds(Path.Combine(root, "summary.json")) + findings.Where(f => sweepArms > 0 && double.IsFinite(f.WallSeconds)).Sum(f => f.WallSeconds);
        if (double.IsFinite(wall))
        {
            parts.Add($"{Readable.Duration(wall)} wall time");
        }

        var flops = arms.Sum(a => SummaryFile.Stages(Path.Combine(a.Folder, "summary.json")).Sum(s => s.Numbers.GetValueOrDefault(Stages.ComputeMeter.Flops)));
        if (flops > 0)
        {
            parts.Add(Readable.Flops(flops));
        }

        return string.Join(" · ", parts);
    }

    /// <summary>The answer first: a sentence per arm, big numbers for a single run, start and end of every arm for a sweep.</summary>
    private static void WriteStory(HtmlPage page, List<Arm> arms, List<ArmFinding> findings)
    {
        page.Heading(2, "What the run found", "found");
        if (findings.All(f => f.HeldOut.Count == 0 && f.Training.Count == 0))
        {
            page.Paragraph("No stage has finished a logged step yet.", "muted");
            return;
        }

        var colors = arms.ToDictionary(a => a.Label, a => a.Color, StringComparer.Ordinal);
        var list = new StringBuilder("<ul class=\"findings\">");
        foreach (var finding in findings)
        {
            list.Append(CultureInfo.InvariantCulture, $"<li style=\"--c: {colors.GetValueOrDefault(finding.Arm, SvgChart.Palette[0])}\">")
                .Append(findings.Count > 1 ? $"<b>{HtmlPage.Encode(finding.Arm)}</b>: " : "")
                .Append(HtmlPage.Encode(finding.Sentence())).Append("</li>");
        }

        page.Raw(list.Append("</ul>").ToString());
        if (findings.Count == 1)
        {
            page.Raw(Cards(findings[0]));
        }
        else if (findings.Count(f => f.HeldOut.Count > 0) > 1)
        {
            page.Charts([SvgChart.Dumbbell("Held-out pass@1, first → last evaluation", [.. findings.Where(f => f.HeldOut.Count > 0)
                .Select(f => (f.Arm, f.HeldOut[0].Numbers.GetValueOrDefault("pass@1", double.NaN), f.HeldOut[^1].Numbers.GetValueOrDefault("pass@1", double.NaN), colors.GetValueOrDefault(f.Arm, SvgChart.Palette[0])))])]);
        }
    }

    /// <summary>The headline numbers of a single run as large figures, each with its change since the first evaluation.</summary>
    private static string Cards(ArmFinding finding)
    {
        var html = new StringBuilder("<div class=\"cards\">");
        void Card(string label, string value, string? change = null, bool? up = null) =>
            html.Append("<div class=\"num\"><span>").Append(HtmlPage.Encode(label)).Append("</span><b>").Append(HtmlPage.Encode(value)).Append("</b>")
                .Append(change is null ? "" : $"<span class=\"{(up == true ? "up" : up == false ? "down" : "")}\">{HtmlPage.Encode(change)}</span>").Append("</div>");
        if (finding.HeldOut.Count > 0)
        {
            var first = finding.HeldOut[0].Numbers;
            var last = finding.HeldOut[^1].Numbers;
            foreach (var metric in finding.HeadlineMetrics)
            {
                var value = last[metric];
                var label = metric == "pass@1" ? "held-out pass@1" : metric.Replace('_', ' ');
                if (finding.HeldOut.Count > 1 && first.TryGetValue(metric, out var from))
                {
                    var unit = Readable.UnitOf(metric);
                    var change = unit == MetricUnit.Fraction ? Readable.PercentagePoints(value - from) : $"from {Readable.Number(from)}";
                    Card(label, metric == "mean_length" ? Readable.Number(value) + " tok" : Readable.Metric(metric, value), change, unit == MetricUnit.Fraction ? value >= from : null);
                }
                else
                {
                    Card(label, metric == "mean_length" ? Readable.Number(value) + " tok" : Readable.Metric(metric, value));
                }
            }
        }
        else
        {
            foreach (var (stage, metric, from, to, _) in finding.Training)
            {
                Card($"{stage}: {metric}", Readable.Metric(metric, to), $"from {Readable.Metric(metric, from)}");
            }
        }

        if (double.IsFinite(finding.WallSeconds))
        {
            Card("wall time", Readable.Duration(finding.WallSeconds));
        }

        if (finding.Flops > 0)
        {
            Card("compute", Readable.Flops(finding.Flops));
        }

        return html.Append("</div>").ToString();
    }

    private static List<ArmSeries> StageSeries(string stage, List<Arm> arms) =>
        [.. arms.Where(a => a.Stages.ContainsKey(stage))
            .Select(a => new ArmSeries(a, MetricsFile.Read(Path.Combine(a.Stages[stage], "metrics.jsonl"))))
            .Where(s => s.Rows.Count > 0)];

    private static List<string> MetricsOf(List<ArmSeries> series) =>
        [.. series.SelectMany(s => s.Rows.SelectMany(r => r.Keys)).Distinct().Where(m => m != MetricNames.Step).Order(StringComparer.Ordinal)];

    /// <summary>The stage whose curves open the report: the one with the most headline metrics (the later on a tie, i.e. RL after pretraining).</summary>
    private static string? HeadlineStage(Dictionary<string, List<ArmSeries>> series) =>
        series.Where(s => s.Value.Count > 0)
            .Select((s, i) => (s.Key, Count: HeadlineOf(MetricsOf(s.Value)).Count, Order: i))
            .Where(s => s.Count > 0)
            .OrderByDescending(s => s.Count).ThenByDescending(s => s.Order)
            .Select(s => s.Key).FirstOrDefault();

    /// <summary>The headline metrics among <paramref name="metrics"/>, in <see cref="Headline"/>'s order.</summary>
    public static List<string> HeadlineOf(IReadOnlyCollection<string> metrics) =>
        [.. Headline.SelectMany(h => metrics.Where(m => IsHeadline(h, m)).Order(StringComparer.Ordinal)).Distinct()];

    private static bool IsHeadline(string headline, string metric) =>
        headline.EndsWith("@k", StringComparison.Ordinal)
            ? metric.StartsWith(headline[..^1], StringComparison.Ordinal) && metric.Length > headline.Length - 1 && metric[(headline.Length - 1)..].All(char.IsAsciiDigit)
            : metric == headline;

    /// <summary>The group a metric is listed under in the details: its prefix (<c>rewards/format/mean</c> → <c>rewards</c>), "" for plain names.</summary>
    private static string GroupOf(string metric) => metric.Contains('/', StringComparison.Ordinal) ? metric[..metric.IndexOf('/', StringComparison.Ordinal)] : "";

    private static string Chart(string metric, List<ArmSeries> series) =>
        SvgChart.Lines(
            metric, "step", Readable.UnitOf(metric),
            [.. series.Select(s => { var (x, y) = MetricsFile.Series(s.Rows, metric); return new Series(s.Arm.Label, x, y); })],
            [.. series.Select(s => s.Arm.Color)],
            legend: false);

    /// <summary>One legend for a grid of charts (when more than one arm is drawn).</summary>
    private static string Legend(List<Arm> arms, List<ArmSeries> series)
    {
        if (series.Count < 2)
        {
            return "";
        }

        var html = new StringBuilder("<p class=\"meta\">");
        foreach (var s in series)
        {
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"bar\" style=\"width:14px;background:{s.Arm.Color}\"></span> {HtmlPage.Encode(s.Arm.Label)} &nbsp; ");
        }

        return html.Append("</p>").ToString();
    }

    private static void WriteSamples(HtmlPage page, string stage, List<Arm> arms)
    {
        var withSamples = arms.Where(a => a.Stages.ContainsKey(stage))
            .Select(a => (Arm: a, Samples: SamplesWriter.Read(Path.Combine(a.Stages[stage], "samples.jsonl"))))
            .Where(a => a.Samples.Count > 0)
            .ToList();
        if (withSamples.Count == 0)
        {
            return;
        }

        var (arm, samples) = withSamples[0];
        page.Heading(2, $"Samples · early and late training{(withSamples.Count > 1 ? $" · {arm.Label}" : "")}", "samples");
        page.Raw(SampleCards.EarlyAndLate(samples));
        foreach (var (other, otherSamples) in withSamples.Skip(1))
        {
            page.Details($"Samples of {other.Label}", p => p.Raw(SampleCards.EarlyAndLate(otherSamples)));
        }
    }

    private static void WriteComparison(HtmlPage page, string root, List<Arm> arms)
    {
        var comparison = arms
            .SelectMany(arm => ComparisonTable.Rows([.. new[] { root, arm.Folder }.Distinct().Select(f => Path.Combine(f, "summary.json"))])
                .Select(row => (IReadOnlyList<string>)[arm.Label, .. row]))
            .ToList();
        if (comparison.Count > 0)
        {
            page.Details("Held-out comparison: every evaluated model and the compute that made it", p =>
            {
                p.Paragraph("Each evaluated model with its held-out numbers and the compute that made it: the stage that trained it, and its whole lineage (the stages it was made from: base, teacher, dataset).", "muted");
                p.Table(["run / arm", .. ComparisonTable.Header], comparison);
            }, open: true);
        }
    }

    private static void WriteStageResults(HtmlPage page, List<Arm> arms)
    {
        var rows = arms.SelectMany(arm => SummaryFile.Stages(Path.Combine(arm.Folder, "summary.json")).Select(stage => (IReadOnlyList<string>)
        [
            arm.Label, stage.Name, Readable.Duration(stage.WallSeconds),
            string.Join(" · ", stage.Numbers.Where(kv => kv.Key != Stages.ComputeMeter.WallSeconds && !kv.Key.Contains("/d", StringComparison.Ordinal))
                .Select(kv => $"{kv.Key} {Readable.Metric(kv.Key, kv.Value)}")),
        ])).ToList();
        if (rows.Count > 0)
        {
            page.Details("Stage results (summary.json)", p => p.Table(["run / arm", "stage", "wall time", "results"], rows));
        }
    }

    /// <summary>Mean seconds per step of each phase (<c>time/*</c>), with its share of the step, per arm.</summary>
    private static string Timings(List<ArmSeries> series)
    {
        var html = new StringBuilder();
        foreach (var s in series)
        {
            var phases = s.Rows.SelectMany(r => r.Keys).Distinct().Where(k => k.StartsWith("time/", StringComparison.Ordinal))
                .Select(k => (Phase: k["time/".Length..], Mean: MetricsFile.Series(s.Rows, k).Values.DefaultIfEmpty(0).Average()))
                .OrderByDescending(p => p.Mean).ToList();
            var total = phases.Sum(p => p.Mean);
            if (phases.Count == 0 || total <= 0)
            {
                continue;
            }

            html.Append(series.Count > 1 ? $"<h4>{HtmlPage.Encode(s.Arm.Label)}</h4>" : "").Append("<table><tr><th>phase</th><th>mean per step</th><th>share</th></tr>");
            foreach (var (phase, mean) in phases)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{HtmlPage.Encode(phase)}</td><td>{Readable.Duration(mean)}</td><td><span class=\"bar\" style=\"width:{mean / total * 160:0}px\"></span> {Readable.Percent(mean / total)}</td></tr>");
            }

            html.Append("</table>");
        }

        return html.ToString();
    }

    /// <summary>Every curve as a PNG in <c>plots/</c> (ScottPlot), for slides and documents.</summary>
    private static void WritePngs(string stage, List<ArmSeries> series, List<string> metrics, string plotsFolder)
    {
        foreach (var metric in metrics)
        {
            var curves = series.Select(s => { var (x, y) = MetricsFile.Series(s.Rows, metric); return new Series(s.Arm.Label, x, y); }).Where(s => s.X.Length > 0).ToList();
            var png = LinePlot.Png(metric, "step", curves);
            AtomicFile.Write(Path.Combine(plotsFolder, $"{stage}__{metric.Replace('/', '_').Replace('@', 'a')}.png"), stream => stream.Write(png));
        }
    }

    private static string? DescriptionOf(string recipePath) =>
        File.Exists(recipePath)
            ? File.ReadLines(recipePath).FirstOrDefault(l => l.StartsWith("description:", StringComparison.Ordinal))?["description:".Length..].Trim().Trim('\'', '"')
            : null;
}
