using ReasonRL.Training.Metrics;

namespace ReasonRL.Training.Reports;

/// <summary>A sweep's metrics per configuration: each configuration's seeds' rows of one stage, and their bands.</summary>
internal static class ConfigurationCurves
{
    /// <summary>The stages, in name order, of which some arm's metrics satisfy <paramref name="logs"/>.</summary>
    public static List<string> StagesWhere(IReadOnlyList<RunReport.Arm> arms, Func<IReadOnlyList<IReadOnlyDictionary<string, double>>, bool> logs) =>
        [.. arms.SelectMany(a => a.Stages)
            .Where(s => logs(MetricsFile.Read(Path.Combine(s.Value, "metrics.jsonl"))))
            .Select(s => s.Key).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Per configuration (<see cref="SeedBands.ConfigurationOf"/>), the metrics rows of <paramref name="stage"/> of each of its seeds.</summary>
    public static List<(string Label, List<IReadOnlyList<IReadOnlyDictionary<string, double>>> Rows)> Of(IReadOnlyList<RunReport.Arm> arms, string stage) =>
        [.. arms.Where(a => a.Stages.ContainsKey(stage))
            .GroupBy(a => SeedBands.ConfigurationOf(a.Label))
            .Select(c => (Label: c.Key, Rows: c.Select(a => MetricsFile.Read(Path.Combine(a.Stages[stage], "metrics.jsonl"))).ToList()))];

    /// <summary>A configuration's curve of <paramref name="metric"/> against step, over its seeds; null when no seed logged it.</summary>
    public static SeedBand? Band(string label, IReadOnlyList<IReadOnlyList<IReadOnlyDictionary<string, double>>> seeds, string metric) =>
        SeedBands.Of(label, [.. seeds.Select(rows => MetricsFile.Series(rows, metric))]);
}
