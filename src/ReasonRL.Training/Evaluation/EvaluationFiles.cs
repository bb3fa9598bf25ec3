using System.Globalization;
using System.Text;
using System.Text.Json;
using ReasonRL.Core.Io;
using ReasonRL.Core.Json;
using ReasonRL.Training.Metrics;

namespace ReasonRL.Training.Evaluation;

/// <summary>
/// Where an online evaluation is kept: <c>scored.jsonl</c> (every completion with its verdict, the input
/// <c>reasonrl eval --input</c> reproduces the numbers from) and <c>report.json</c>, plus the headline numbers a stage
/// puts in its summary.
/// </summary>
public static class EvaluationFiles
{
    public static void Write(string folder, EvaluationRun run)
    {
        Directory.CreateDirectory(folder);
        AtomicFile.Write(Path.Combine(folder, "scored.jsonl"), stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            foreach (var completion in run.Completions)
            {
                writer.WriteLine(completion.ToJsonLine());
            }
        });
        AtomicFile.WriteAllText(Path.Combine(folder, "report.json"), JsonSerializer.Serialize(run.Report, RecordJson.Indented));
    }

    /// <summary>
    /// pass@1, pass@k, maj@k, mean length (tokens), reflection rate, the pass rates of reflective and non-reflective
    /// completions (each when there is one), and pass@1 per family and difficulty.
    /// </summary>
    public static Dictionary<string, double> Headline(EvaluationRun run, string prefix = "")
    {
        var k = run.Report.K.ToString(CultureInfo.InvariantCulture);
        var overall = run.Report.Overall;
        var numbers = new Dictionary<string, double>
        {
            [$"{prefix}pass@1"] = overall.PassAt1,
            [$"{prefix}pass@{k}"] = overall.PassAtK,
            [$"{prefix}maj@{k}"] = overall.MajAtK,
            [$"{prefix}mean_length"] = run.MeanTokens,
            [$"{prefix}reflection_rate"] = overall.ReflectionRate,
        };
        if (overall.ReflectivePassRate is { } reflective)
        {
            numbers[$"{prefix}{MetricNames.ReflectivePassRate}"] = reflective;
        }

        if (overall.NonReflectivePassRate is { } nonReflective)
        {
            numbers[$"{prefix}{MetricNames.NonReflectivePassRate}"] = nonReflective;
        }

        foreach (var family in run.Report.Families)
        {
            foreach (var level in family.Difficulties)
            {
                numbers[$"{prefix}pass@1/{family.Family}/d{level.Difficulty}"] = level.Metrics.PassAt1;
            }
        }

        return numbers;
    }
}
