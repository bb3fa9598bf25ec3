using System.Globalization;
using System.Text.Json;
using ReasonRL.Core.Io;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Plots;

namespace ReasonRL.Training.Reports;

/// <summary>
/// Writes <c>report.html</c> and <c>plots/*.png</c> for a run folder from the folder alone (the resolved recipe,
/// <c>summary.json</c>, and each stage's <c>metrics.jsonl</c> and <c>samples.jsonl</c>). A sweep's arms (sub-folders
/// with their own <c>summary.json</c>) are overlaid, one curve per arm, on each stage's plots; a sweep whose arms log
/// sampled tokens also gets a comparison by configuration over seeds (<see cref="SeedComparison"/>).
/// </summary>
public static class RunReport
{
    /// <summary>
    /// Metrics shown first, in this order, when a stage logged them; every other metric follows under "More". A name
    /// ending in <c>@k</c> stands for every k the stage logged (<c>eval/maj@k</c> shows <c>eval/maj@4</c>).
    /// </summary>
    private static readonly string[] Headline =
    [
        "llc", MetricNames.Eval("pass@1"), MetricNames.Eval("maj@k"), MetricNames.PassRate, MetricNames.Reward,
        MetricNames.CompletionsMeanLength, MetricNames.ReflectionRate, MetricNames.Kl, MetricNames.Entropy,
        MetricNames.Loss, MetricNames.EvalLoss, MetricNames.Eval("mean_length"), MetricNames.Eval("reflection_rate"),
    ];

    /// <summary>Builds the report; returns the path of <c>report.html</c>.</summary>
    public static string Write(string runFolder)
    {
        var root = Path.GetFullPath(runFolder);
        var arms = Arms(root);
        var name = Path.GetFileName(root);
        var page = new HtmlPage($"ReasonRL report: {name}");
        page.Heading(1, $"Run {name}");
        var recipePath = Path.Combine(root, "recipe.resolved.yaml");
        if (DescriptionOf(recipePath) is { } description)
        {
            page.Paragraph(description);
        }

        page.Paragraph($"Report written {DateTime.Now:yyyy-MM-dd HH:mm} from {root}.");
        WriteSummary(page, root, arms);

        var plotsFolder = Path.Combine(root, "plots");
        Directory.CreateDirectory(plotsFolder);
        SeedComparison.Write(page, arms, plotsFolder);
        var stageNames = arms.SelectMany(a => a.Stages.Keys).Distinct().ToList();
        foreach (var stage in stageNames)
        {
            WriteStage(page, stage, arms, plotsFolder);
        }

        if (File.Exists(recipePath))
        {
            page.Details("Resolved recipe", p => p.Preformatted(File.ReadAllText(recipePath)));
        }

        var reportPath = Path.Combine(root, "report.html");
        AtomicFile.WriteAllText(reportPath, page.ToString());
        return reportPath;
    }

    /// <summary>One arm of a sweep (or the whole run): its label and its stage folders by name.</summary>
    internal sealed record Arm(string Label, string Folder, IReadOnlyDictionary<string, string> Stages);

    private static List<Arm> Arms(string root)
    {
        var arms = new List<Arm>();
        if (StageFolders(root) is { Count: > 0 } stages)
        {
            arms.Add(new Arm(Path.GetFileName(root), root, stages));
        }

        foreach (var folder in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(folder, "summary.json")) && StageFolders(folder) is { Count: > 0 } armStages)
            {
                arms.Add(new Arm(Path.GetFileName(folder), folder, armStages));
            }
        }

        return arms;
    }

    private static Dictionary<string, string> StageFolders(string folder) =>
        Directory.EnumerateDirectories(folder)
            .Where(d => File.Exists(Path.Combine(d, "metrics.jsonl")))
            .Order(StringComparer.Ordinal)
            .ToDictionary(d => Path.GetFileName(d), d => d, StringComparer.Ordinal);

    private static void WriteSummary(HtmlPage page, string root, List<Arm> arms)
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var arm in arms)
        {
            var summaryPath = Path.Combine(arm.Folder, "summary.json");
            if (!File.Exists(summaryPath))
            {
                continue;
            }

            using var summary = JsonDocument.Parse(File.ReadAllText(summaryPath));
            foreach (var stage in summary.RootElement.GetProperty("stages").EnumerateArray())
            {
                var figures = stage.TryGetProperty("summary", out var numbers)
                    ? string.Join(", ", numbers.EnumerateObject().Select(p => $"{p.Name} = {(p.Value.ValueKind == JsonValueKind.Number ? Format(p.Value.GetDouble()) : p.Value.ToString())}")) // NaN is written as a string
                    : "";
                rows.Add([arm.Label, stage.GetProperty("name").GetString()!, $"{stage.GetProperty("wall_seconds").GetDouble():F0} s", figures]);
            }
        }

        var comparison = arms
            .SelectMany(arm => ComparisonTable.Rows([.. new[] { root, arm.Folder }.Distinct().Select(f => Path.Combine(f, "summary.json"))])
                .Select(row => (IReadOnlyList<string>)[arm.Label, .. row]))
            .ToList();
        if (comparison.Count > 0)
        {
            page.Heading(2, "Held-out comparison");
            page.Paragraph("Each evaluated model with its held-out numbers and the compute that made it: the stage that trained it, and its whole lineage (the stages it was made from: base, teacher, dataset).");
            page.Table(["run / arm", .. ComparisonTable.Header], comparison);
        }

        if (rows.Count > 0)
        {
            page.Heading(2, "Summary");
            page.Table(["run / arm", "stage", "wall time", "results"], rows);
        }
    }

    private static void WriteStage(HtmlPage page, string stage, List<Arm> arms, string plotsFolder)
    {
        page.Heading(2, $"Stage {stage}");
        var series = arms
            .Where(a => a.Stages.ContainsKey(stage))
            .Select(a => (a.Label, Rows: MetricsFile.Read(Path.Combine(a.Stages[stage], "metrics.jsonl"))))
            .ToList();
        var metrics = series.SelectMany(s => s.Rows.SelectMany(r => r.Keys)).Distinct()
            .Where(m => m != MetricNames.Step).ToList();
        var headline = HeadlineOf(metrics);
        var rest = metrics.Except(headline).Order(StringComparer.Ordinal).ToList();

        page.Figures(headline.Select(m => Figure(stage, m, series, plotsFolder)));
        if (rest.Count > 0)
        {
            page.Details($"More curves ({rest.Count})", p => p.Figures(rest.Select(m => Figure(stage, m, series, plotsFolder))));
        }

        foreach (var arm in arms.Where(a => a.Stages.ContainsKey(stage)))
        {
            WriteSamples(page, arms.Count > 1 ? $"{arm.Label}: " : "", Path.Combine(arm.Stages[stage], "samples.jsonl"));
        }
    }

    /// <summary>The headline metrics among <paramref name="metrics"/>, in <see cref="Headline"/>'s order.</summary>
    public static List<string> HeadlineOf(IReadOnlyCollection<string> metrics) =>
        [.. Headline.SelectMany(h => metrics.Where(m => IsHeadline(h, m)).Order(StringComparer.Ordinal)).Distinct()];

    private static bool IsHeadline(string headline, string metric) =>
        headline.EndsWith("@k", StringComparison.Ordinal)
            ? metric.StartsWith(headline[..^1], StringComparison.Ordinal) && metric.Length > headline.Length - 1 && metric[(headline.Length - 1)..].All(char.IsAsciiDigit)
            : metric == headline;

    private static (string Caption, byte[] Png) Figure(
        string stage, string metric, List<(string Label, IReadOnlyList<IReadOnlyDictionary<string, double>> Rows)> series, string plotsFolder)
    {
        var curves = series
            .Select(s =>
            {
                var (x, y) = MetricsFile.Series(s.Rows, metric);
                return new Series(s.Label, x, y);
            })
            .Where(s => s.X.Length > 0)
            .ToList();
        var png = LinePlot.Png(metric, "step", curves);
        var file = $"{stage}__{metric.Replace('/', '_').Replace('@', 'a')}.png";
        AtomicFile.Write(Path.Combine(plotsFolder, file), stream => stream.Write(png));
        return (metric, png);
    }

    private static void WriteSamples(HtmlPage page, string prefix, string path)
    {
        var samples = SamplesWriter.Read(path);
        if (samples.Count == 0)
        {
            return;
        }

        var first = samples.Min(s => s.Step);
        var last = samples.Max(s => s.Step);
        page.Heading(3, $"{prefix}Sample completions, step {first} vs step {last}");
        var html = new System.Text.StringBuilder("<div class=\"side\">");
        foreach (var step in new[] { first, last }.Distinct())
        {
            html.Append("<div>");
            foreach (var sample in samples.Where(s => s.Step == step).Take(4))
            {
                var verdictClass = sample.Verdict.IsCorrect ? "ok" : "bad";
                html.Append(CultureInfo.InvariantCulture, $"<p><b>step {step}</b>, {HtmlPage.Encode(sample.ProblemId)}: ")
                    .Append(CultureInfo.InvariantCulture, $"<span class=\"{verdictClass}\">{HtmlPage.Encode(sample.Verdict.Outcome.ToString())}</span>, reward {sample.Reward:F2}</p>")
                    .Append("<pre>").Append(HtmlPage.Encode(sample.Prompt)).Append("<b>")
                    .Append(HtmlPage.Encode(sample.Completion)).Append("</b></pre>");
            }

            html.Append("</div>");
        }

        page.Raw(html.Append("</div>").ToString());
    }

    private static string? DescriptionOf(string recipePath) =>
        File.Exists(recipePath)
            ? File.ReadLines(recipePath).FirstOrDefault(l => l.StartsWith("description:", StringComparison.Ordinal))?["description:".Length..].Trim().Trim('\'', '"')
            : null;

    private static string Format(double value) =>
        Math.Abs(value) >= 1000 || value == Math.Floor(value) ? value.ToString("0.##", CultureInfo.InvariantCulture) : value.ToString("0.####", CultureInfo.InvariantCulture);
}
