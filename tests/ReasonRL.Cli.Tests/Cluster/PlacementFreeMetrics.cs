using System.Text.Json;
using ReasonRL.Training.Metrics;

namespace ReasonRL.Cli.Tests.Cluster;

/// <summary>
/// A run's metrics.jsonl without the figures that describe where and how fast work ran rather than what was computed
/// (<see cref="MetricNames.DependsOnPlacement"/>: <c>step_time</c>, <c>time/…</c>, <c>tokens_per_s…</c>, <c>rollout/…</c>).
/// Each row is its remaining keys in order with their values exactly as written, so two runs compare bit for bit.
/// </summary>
internal static class PlacementFreeMetrics
{
    public static IReadOnlyList<string> Read(string metricsFile) =>
        [.. File.ReadLines(metricsFile).Select(line =>
        {
            using var row = JsonDocument.Parse(line);
            return string.Join(", ", row.RootElement.EnumerateObject()
                .Where(p => !MetricNames.DependsOnPlacement(p.Name))
                .OrderBy(p => p.Name, StringComparer.Ordinal)
                .Select(p => $"{p.Name}={p.Value.GetRawText()}"));
        })];

    /// <summary>Row by row, the value of <paramref name="name"/> (0 where a row lacks it).</summary>
    public static IReadOnlyList<double> Column(string metricsFile, string name) =>
        [.. File.ReadLines(metricsFile).Select(line =>
        {
            using var row = JsonDocument.Parse(line);
            return row.RootElement.TryGetProperty(name, out var value) ? value.GetDouble() : 0;
        })];
}
