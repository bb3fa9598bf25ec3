using System.Text.Json;

namespace ReasonRL.Training.Reports;

/// <summary>One stage of a run's <c>summary.json</c>: its name, kind, the stages it read, wall time and headline numbers.</summary>
public sealed record SummaryStage(string Name, string? Kind, IReadOnlyList<string> Inputs, double WallSeconds, IReadOnlyDictionary<string, double> Numbers);

/// <summary>Reads <c>summary.json</c>, which the recipe runner rewrites after every finished stage.</summary>
public static class SummaryFile
{
    /// <summary>The stages in the order they ran; empty when the file does not exist yet.</summary>
    public static IReadOnlyList<SummaryStage> Stages(string summaryPath)
    {
        if (!File.Exists(summaryPath))
        {
            return [];
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(summaryPath));
        var stages = new List<SummaryStage>();
        foreach (var stage in summary.RootElement.GetProperty("stages").EnumerateArray())
        {
            var inputs = stage.TryGetProperty("inputs", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(i => i.GetString()!).ToList()
                : [];
            var numbers = stage.TryGetProperty("summary", out var values)
                ? values.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal)
                : [];
            stages.Add(new SummaryStage(
                stage.GetProperty("name").GetString()!,
                stage.TryGetProperty("kind", out var kind) ? kind.GetString() : null,
                inputs,
                stage.GetProperty("wall_seconds").GetDouble(),
                numbers));
        }

        return stages;
    }

    /// <summary>The run's total wall time, NaN when not recorded.</summary>
    public static double WallSeconds(string summaryPath)
    {
        if (!File.Exists(summaryPath))
        {
            return double.NaN;
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(summaryPath));
        return summary.RootElement.TryGetProperty("wall_seconds", out var seconds) && seconds.ValueKind == JsonValueKind.Number ? seconds.GetDouble() : double.NaN;
    }
}
