using ReasonRL.Training.Stages;

namespace ReasonRL.Training.Reports;

/// <summary>
/// The report's comparison of evaluated models (e.g. the arms of a distillation recipe): for every stage that holds
/// held-out numbers, the model it evaluated, its pass@1, pass@k, maj@k, diversity and length, the compute of the stage
/// that made the model, and the compute of the model's whole lineage (every stage it was made from, through
/// <c>from:</c>, <c>teacher:</c> and dataset inputs, each counted once), all read from <c>summary.json</c>.
/// </summary>
public static class ComparisonTable
{
    /// <summary>One stage of <c>summary.json</c>.</summary>
    private sealed record Stage(string Name, string? Kind, IReadOnlyList<string> Inputs, double WallSeconds, IReadOnlyDictionary<string, double> Numbers);

    /// <summary>
    /// The table's rows for the evaluations in the last of <paramref name="summaryPaths"/>; the earlier ones (a sweep's
    /// shared stages) only complete lineages. Empty when nothing was evaluated.
    /// </summary>
    public static List<IReadOnlyList<string>> Rows(IReadOnlyList<string> summaryPaths)
    {
        var stages = new Dictionary<string, Stage>(StringComparer.Ordinal);
        var evaluations = new List<Stage>();
        foreach (var path in summaryPaths.Where(File.Exists))
        {
            evaluations = [.. Read(path)];
            foreach (var stage in evaluations)
            {
                stages[stage.Name] = stage;
            }
        }

        var rows = new List<IReadOnlyList<string>>();
        foreach (var evaluation in evaluations)
        {
            var prefix = evaluation.Numbers.ContainsKey("pass@1") ? "" : evaluation.Numbers.ContainsKey("eval/pass@1") ? "eval/" : null;
            if (prefix is null)
            {
                continue;
            }

            var modelName = evaluation.Kind == "eval" && evaluation.Inputs.Count > 0 ? evaluation.Inputs[0] : evaluation.Name;
            var model = stages.GetValueOrDefault(modelName);
            var lineage = Lineage(modelName, stages);
            string Number(Func<string, bool> key) =>
                evaluation.Numbers.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && key(kv.Key[prefix.Length..]))
                    .Select(kv => Readable.Metric(kv.Key[prefix.Length..], kv.Value)).FirstOrDefault() ?? "";
            rows.Add(
            [
                modelName,
                evaluation.Name,
                Number(k => k == "pass@1"),
                Number(k => k.StartsWith("pass@", StringComparison.Ordinal) && k != "pass@1" && !k.Contains('/', StringComparison.Ordinal)),
                Number(k => k.StartsWith("maj@", StringComparison.Ordinal) && !k.Contains('/', StringComparison.Ordinal)),
                Number(k => k == "distinct_answers"),
                Number(k => k == "distinct_2"),
                Number(k => k == "mean_length"),
                model is null ? "" : Readable.Duration(model.WallSeconds),
                model is null ? "" : Scientific(model.Numbers.GetValueOrDefault(ComputeMeter.Tokens)),
                model is null ? "" : Flops(model.Numbers.GetValueOrDefault(ComputeMeter.Flops)),
                Readable.Duration(lineage.Sum(s => s.WallSeconds)),
                Flops(lineage.Sum(s => s.Numbers.GetValueOrDefault(ComputeMeter.Flops))),
                string.Join(", ", lineage.Select(s => s.Name)),
            ]);
        }

        return rows;
    }

    public static readonly IReadOnlyList<string> Header =
    [
        "model", "evaluated in", "pass@1", "pass@k", "maj@k", "distinct answers", "distinct-2", "mean length",
        "stage wall", "stage tokens", "stage FLOPs", "lineage wall", "lineage FLOPs", "lineage",
    ];

    /// <summary>The stage and every stage it read, recursively, in summary order.</summary>
    private static List<Stage> Lineage(string name, Dictionary<string, Stage> stages)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([name]);
        while (pending.TryPop(out var current))
        {
            if (stages.TryGetValue(current, out var stage) && seen.Add(current))
            {
                foreach (var input in stage.Inputs)
                {
                    pending.Push(input);
                }
            }
        }

        return [.. stages.Values.Where(s => seen.Contains(s.Name))];
    }

    private static IEnumerable<Stage> Read(string summaryPath) =>
        SummaryFile.Stages(summaryPath).Select(s => new Stage(s.Name, s.Kind, s.Inputs, s.WallSeconds, s.Numbers));

    private static string Scientific(double value) => value == 0 ? "" : Readable.Engineering(value).TrimEnd();

    private static string Flops(double value) => value == 0 ? "" : Readable.Flops(value);
}
