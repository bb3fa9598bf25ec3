using System.Text.Json;
using ReasonRL.Training.Metrics;

namespace ReasonRL.Training.Tests.Metrics;

public sealed class MetricsWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-metrics-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Metric_names_with_quotes_and_backslashes_are_written_as_valid_json()
    {
        // A verdict flag from an external verifier becomes a metric name: it may hold any character.
        var name = "flags/said \"hi\" \\ then\nleft";
        using (var writer = new MetricsWriter(Path.Combine(_folder, "metrics.jsonl"), Path.Combine(_folder, "tb"), null))
        {
            writer.Write(1, new Dictionary<string, double> { [name] = 0.25, ["eval/pass@1"] = double.NaN });
        }

        var line = File.ReadAllLines(Path.Combine(_folder, "metrics.jsonl")).Single();
        using var document = JsonDocument.Parse(line);
        Assert.Equal(0.25, document.RootElement.GetProperty(name).GetDouble());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("eval/pass@1").ValueKind);
        Assert.Contains("\"eval/pass@1\"", line, StringComparison.Ordinal); // readable names stay as they are
        Assert.Equal(0.25, MetricsFile.Read(Path.Combine(_folder, "metrics.jsonl"))[0][name]);
    }

    [Fact]
    public void On_resume_the_tensorboard_events_after_the_checkpoint_are_dropped()
    {
        var metrics = Path.Combine(_folder, "metrics.jsonl");
        var tensorBoard = Path.Combine(_folder, "tb");
        var row = new Dictionary<string, double> { ["loss"] = 1.0, ["reward"] = 0.5 };
        using (var first = new MetricsWriter(metrics, tensorBoard, null))
        {
            for (var step = 1; step <= 7; step++)
            {
                first.Write(step, row); // killed after step 7; the last checkpoint was at step 4
            }
        }

        using (var resumed = new MetricsWriter(metrics, tensorBoard, resumeAfterStep: 4))
        {
            for (var step = 5; step <= 9; step++)
            {
                resumed.Write(step, row);
            }
        }

        // Every step once per metric across all event files (plus one file-version record per file, step 0).
        var steps = Directory.GetFiles(tensorBoard, "events.out.tfevents.*").SelectMany(TensorBoardEvents.Steps).Where(s => s > 0).ToList();
        Assert.Equal(Enumerable.Range(1, 9).SelectMany(s => new long[] { s, s }), steps.Order());
        Assert.Equal(Enumerable.Range(1, 9), MetricsFile.Read(metrics).Select(r => (int)r["step"]));
    }
}
