using System.Text.Json;

namespace ReasonRL.Training.Metrics;

/// <summary>Reads <c>metrics.jsonl</c> back: one dictionary of metric name to value per logged step.</summary>
public static class MetricsFile
{
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var rows = new List<IReadOnlyDictionary<string, double>>();
        foreach (var line in ReadLines(path))
        {
            using var document = JsonDocument.Parse(line);
            var row = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                row[property.Name] = property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetDouble() : double.NaN;
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Non-empty lines; a final line cut short by a kill is ignored.</summary>
    internal static IEnumerable<string> ReadLines(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0 && l[^1] == '}');

    internal static int StepOf(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.GetProperty("step").GetInt32();
    }

    /// <summary>(step, value) pairs of one metric, in order, skipping rows without it.</summary>
    public static (double[] Steps, double[] Values) Series(IReadOnlyList<IReadOnlyDictionary<string, double>> rows, string metric, string xMetric = MetricNames.Step)
    {
        var points = rows
            .Where(r => r.TryGetValue(metric, out var v) && double.IsFinite(v) && r.ContainsKey(xMetric))
            .Select(r => (X: r[xMetric], Y: r[metric]))
            .ToList();
        return ([.. points.Select(p => p.X)], [.. points.Select(p => p.Y)]);
    }
}
