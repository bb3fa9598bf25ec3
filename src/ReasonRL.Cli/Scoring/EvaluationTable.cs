using System.Globalization;
using System.Text;
using ReasonRL.Core.Evaluation;

namespace ReasonRL.Cli.Scoring;

/// <summary>The text table of <c>reasonrl eval</c>: one row overall, one per family, one per family and difficulty.</summary>
internal static class EvaluationTable
{
    public static string Write(EvaluationReport report)
    {
        var k = report.K.ToString(CultureInfo.InvariantCulture);
        var rows = new List<(string Group, EvaluationMetrics Metrics)> { ("all", report.Overall) };
        foreach (var family in report.Families)
        {
            rows.Add((family.Family, family.Metrics));
            rows.AddRange(family.Difficulties.Select(d => ($"  difficulty {d.Difficulty}", d.Metrics)));
        }

        string[] header = ["group", "problems", "completions", "pass@1", $"pass@{k}", $"maj@{k}", "mean length", "reflection", "errors"];
        var cells = rows.Select(r => new[]
        {
            r.Group,
            r.Metrics.Problems.ToString(CultureInfo.InvariantCulture),
            r.Metrics.Completions.ToString(CultureInfo.InvariantCulture),
            r.Metrics.PassAt1.ToString("F3", CultureInfo.InvariantCulture),
            r.Metrics.PassAtK.ToString("F3", CultureInfo.InvariantCulture),
            r.Metrics.MajAtK.ToString("F3", CultureInfo.InvariantCulture),
            r.Metrics.MeanLength.ToString("F1", CultureInfo.InvariantCulture),
            r.Metrics.ReflectionRate.ToString("F3", CultureInfo.InvariantCulture),
            r.Metrics.Errors.ToString(CultureInfo.InvariantCulture),
        }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => cells.Max(row => row[c].Length)).ToArray();

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"pass@{k}: unbiased estimator over all samples (Chen et al. 2021); maj@{k}: majority vote over the first {k} samples");
        text.AppendLine();
        foreach (var row in cells)
        {
            text.AppendJoin("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c])));
            text.AppendLine();
        }

        return text.ToString();
    }
}
