using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ReasonRL.Core.Io;
using static TorchSharp.torch.utils.tensorboard;

namespace ReasonRL.Training.Metrics;

/// <summary>
/// Appends one line per step to <c>metrics.jsonl</c> (flushed at once, so a killed run keeps every finished step)
/// and mirrors each scalar to TensorBoard event files in <c>tensorboard/</c>.
/// </summary>
public sealed class MetricsWriter : IDisposable
{
    private readonly StreamWriter _lines;
    private readonly TorchSharp.Modules.SummaryWriter _tensorBoard;

    /// <param name="metricsPath">The <c>metrics.jsonl</c> file.</param>
    /// <param name="tensorBoardFolder">Folder for TensorBoard event files.</param>
    /// <param name="resumeAfterStep">
    /// When resuming: drop lines and TensorBoard events for steps after this one (they were logged after the checkpoint
    /// being resumed, and will be logged again), so both read as one uninterrupted run. Null starts a fresh file.
    /// </param>
    public MetricsWriter(string metricsPath, string tensorBoardFolder, int? resumeAfterStep)
    {
        if (resumeAfterStep is { } last && File.Exists(metricsPath))
        {
            var kept = MetricsFile.ReadLines(metricsPath).Where(l => MetricsFile.StepOf(l) <= last).ToList();
            AtomicFile.WriteAllText(metricsPath, string.Concat(kept.Select(l => l + "\n")));
            TensorBoardEvents.DropAfter(tensorBoardFolder, last);
        }
        else if (File.Exists(metricsPath))
        {
            File.Delete(metricsPath);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(metricsPath))!);
        _lines = new StreamWriter(new FileStream(metricsPath, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        _tensorBoard = SummaryWriter(tensorBoardFolder);
    }

    /// <summary>
    /// Logs the metrics of one step as one JSON object (names escaped as JSON strings: a verifier's flag may hold any
    /// character); NaN and infinite values are written as null in JSON and skipped in TensorBoard.
    /// </summary>
    public void Write(int step, IReadOnlyDictionary<string, double> metrics)
    {
        _lines.WriteLine(Line(step, metrics));
        _lines.Flush();
        foreach (var (name, value) in metrics)
        {
            if (double.IsFinite(value))
            {
                _tensorBoard.add_scalar(name, (float)value, step);
            }
        }
    }

    /// <summary>One metrics.jsonl line: <c>{"step":N,"name":value,…}</c>.</summary>
    public static string Line(int step, IReadOnlyDictionary<string, double> metrics)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping: quotes, backslashes and control characters are escaped, and names stay readable ("pass@1").
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("step", step);
            foreach (var (name, value) in metrics)
            {
                if (double.IsFinite(value))
                {
                    json.WriteNumber(name, value);
                }
                else
                {
                    json.WriteNull(name);
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public void Dispose() => _lines.Dispose();
}
