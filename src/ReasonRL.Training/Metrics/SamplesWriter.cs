using System.Text;
using ReasonRL.Core.Io;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;

namespace ReasonRL.Training.Metrics;

/// <summary>One logged completion: the step, the problem, what the policy wrote, and how it was judged.</summary>
public sealed record SampleRecord(int Step, string ProblemId, string Prompt, string Completion, double Reward, Verdict Verdict);

/// <summary>Appends a few completions per logging step to <c>samples.jsonl</c>, one record a line.</summary>
public sealed class SamplesWriter : IDisposable
{
    private readonly StreamWriter _lines;

    /// <param name="resumeAfterStep">When resuming, drop records of later steps (see <see cref="MetricsWriter"/>).</param>
    public SamplesWriter(string path, int? resumeAfterStep)
    {
        if (resumeAfterStep is { } last && File.Exists(path))
        {
            var kept = MetricsFile.ReadLines(path).Where(l => MetricsFile.StepOf(l) <= last).ToList();
            AtomicFile.WriteAllText(path, string.Concat(kept.Select(l => l + "\n")));
        }
        else if (File.Exists(path))
        {
            File.Delete(path);
        }

        _lines = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
    }

    public void Write(IEnumerable<SampleRecord> samples)
    {
        foreach (var sample in samples)
        {
            _lines.WriteLine(Jsonl.Line(sample));
        }

        _lines.Flush();
    }

    public void Dispose() => _lines.Dispose();

    public static IReadOnlyList<SampleRecord> Read(string path) =>
        File.Exists(path)
            ? [.. MetricsFile.ReadLines(path).Select(l => System.Text.Json.JsonSerializer.Deserialize<SampleRecord>(l, RecordJson.Options)!)]
            : [];
}
