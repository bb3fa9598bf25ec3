using ReasonRL.Training.Metrics;
using ReasonRL.Training.Stages;

namespace ReasonRL.Training.Reports;

/// <summary>One held-out evaluation of an arm: where it was taken (a stage, or a step of a training stage) and its numbers.</summary>
/// <param name="Numbers">Names without the <c>eval/</c> prefix: <c>pass@1</c>, <c>maj@8</c>, <c>mean_length</c>, …</param>
public sealed record HeldOutPoint(string Where, IReadOnlyDictionary<string, double> Numbers);

/// <summary>
/// What one arm of a run found, in the numbers a reader looks for first: its held-out evaluations from the first to the
/// last (pass@1, maj@k, mean completion length, reflection rate), or, when nothing was evaluated on held-out problems,
/// how its training stages' headline metric moved; and what it cost (wall time, FLOPs).
/// </summary>
public sealed record ArmFinding(
    string Arm,
    IReadOnlyList<HeldOutPoint> HeldOut,
    IReadOnlyList<(string Stage, string Metric, double From, double To, int Steps)> Training,
    double WallSeconds,
    double Flops)
{
    /// <summary>The held-out metrics a sentence names, in order, present in the last evaluation.</summary>
    public IReadOnlyList<string> HeadlineMetrics =>
        HeldOut.Count == 0
            ? []
            : [.. new[] { "pass@1" }
                .Concat(HeldOut[^1].Numbers.Keys.Where(k => k.StartsWith("maj@", StringComparison.Ordinal) && !k.Contains('/', StringComparison.Ordinal)).Order(StringComparer.Ordinal).Take(1))
                .Concat(["mean_length", "reflection_rate"])
                .Where(HeldOut[^1].Numbers.ContainsKey)];

    /// <summary>The finding as one sentence (plain text): "held-out pass@1 13.0% → 41.0% (base_eval → final_eval), …".</summary>
    public string Sentence()
    {
        var parts = new List<string>();
        if (HeldOut.Count > 0)
        {
            var first = HeldOut[0];
            var last = HeldOut[^1];
            foreach (var metric in HeadlineMetrics)
            {
                var name = metric == "pass@1" ? "held-out pass@1" : metric.Replace('_', ' ');
                var to = Format(metric, last.Numbers[metric]);
                parts.Add(HeldOut.Count > 1 && first.Numbers.TryGetValue(metric, out var from)
                    ? $"{name} {(metric == "mean_length" ? Readable.Number(from) : Format(metric, from))} → {to}" + (metric == "pass@1" ? $" ({first.Where} → {last.Where})" : "")
                    : $"{name} {to}" + (metric == "pass@1" ? $" ({last.Where})" : ""));
            }
        }
        else
        {
            parts.AddRange(Training.Select(t => $"{t.Stage}: {t.Metric} {Readable.Metric(t.Metric, t.From)} → {Readable.Metric(t.Metric, t.To)} over {Readable.Count(t.Steps)} logged steps"));
        }

        var cost = new[]
        {
            double.IsFinite(WallSeconds) ? Readable.Duration(WallSeconds) : null,
            Flops > 0 ? Readable.Flops(Flops) : null,
        }.OfType<string>().ToList();
        var sentence = parts.Count == 0 ? "no results yet" : string.Join(", ", parts);
        return cost.Count == 0 ? sentence + "." : $"{sentence}; {string.Join(", ", cost)}.";
    }

    private static string Format(string metric, double value) =>
        metric == "mean_length" ? $"{Readable.Number(value)} tokens" : Readable.Metric(metric, value);
}

/// <summary>Reads an arm's <see cref="ArmFinding"/> from its run folder (summary.json and the stages' metrics.jsonl).</summary>
public static class RunStory
{
    /// <summary>The training metric that stands for a stage when nothing was evaluated: the first one it logged.</summary>
    private static readonly string[] TrainingHeadline = [MetricNames.Reward, MetricNames.PassRate, MetricNames.EvalLoss, MetricNames.Loss];

    /// <param name="stages">The arm's stages in the order they ran (a sweep's shared stages first).</param>
    /// <param name="stageFolders">Stage name → its folder, for the metrics of training stages.</param>
    public static ArmFinding Of(string arm, IReadOnlyList<SummaryStage> stages, IReadOnlyDictionary<string, string> stageFolders, double wallSeconds)
    {
        var heldOut = new List<HeldOutPoint>();
        var training = new List<(string, string, double, double, int)>();
        foreach (var stage in stages)
        {
            var rows = stageFolders.TryGetValue(stage.Name, out var folder) ? MetricsFile.Read(Path.Combine(folder, "metrics.jsonl")) : [];
            if (stage.Numbers.ContainsKey("pass@1"))
            {
                heldOut.Add(new HeldOutPoint(stage.Name, stage.Numbers));
            }
            else if (rows.Any(r => r.TryGetValue(MetricNames.Eval("pass@1"), out var v) && double.IsFinite(v)))
            {
                heldOut.AddRange(rows
                    .Where(r => r.TryGetValue(MetricNames.Eval("pass@1"), out var v) && double.IsFinite(v))
                    .Select(r => new HeldOutPoint(
                        $"{stage.Name} step {r.GetValueOrDefault(MetricNames.Step):0}",
                        r.Where(kv => kv.Key.StartsWith("eval/", StringComparison.Ordinal)).ToDictionary(kv => kv.Key["eval/".Length..], kv => kv.Value, StringComparer.Ordinal))));
            }
            else if (stage.Numbers.ContainsKey(MetricNames.Eval("pass@1")))
            {
                heldOut.Add(new HeldOutPoint(stage.Name, stage.Numbers
                    .Where(kv => kv.Key.StartsWith("eval/", StringComparison.Ordinal)).ToDictionary(kv => kv.Key["eval/".Length..], kv => kv.Value, StringComparer.Ordinal)));
            }

            if (TrainingHeadline.FirstOrDefault(m => rows.Count(r => r.TryGetValue(m, out var v) && double.IsFinite(v)) >= 2) is { } metric)
            {
                var (_, values) = MetricsFile.Series(rows, metric);
                training.Add((stage.Name, metric, EdgeMean(values, fromStart: true), EdgeMean(values, fromStart: false), values.Length));
            }
        }

        return new ArmFinding(arm, heldOut, training, wallSeconds, stages.Sum(s => s.Numbers.GetValueOrDefault(ComputeMeter.Flops)));
    }

    /// <summary>
    /// The mean of the first (or last) tenth of a noisy training curve, at least one value and at most ten: a single
    /// step's reward says little, the start and the end of the run say what changed.
    /// </summary>
    public static double EdgeMean(IReadOnlyList<double> values, bool fromStart)
    {
        var count = Math.Clamp(values.Count / 10, 1, 10);
        return (fromStart ? values.Take(count) : values.Skip(values.Count - count)).Average();
    }
}
