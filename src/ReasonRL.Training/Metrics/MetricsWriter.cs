using System.Globalization;
using System.Text;
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
    /// When resuming: drop lines for steps after this one (they were logged after the checkpoint being resumed, and
    /// will be logged again), so the file reads as one uninterrupted run. Null starts a fresh file.
    /// </param>
    public MetricsWriter(string metricsPath, string tensorBoardFolder, int? resumeAfterStep)
    {
        if (resumeAfterStep is { } last && File.Exists(metricsPath))
        {
            var kept = MetricsFile.ReadLines(metricsPath).Where(l => MetricsFile.StepOf(l) <= last).ToList();
            File.WriteAllLines(metricsPath, kept);
        }
        else if (File.Exists(metricsPath))
        {
            File.Delete(metricsPath);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(metricsPath))!);
        _lines = new StreamWriter(new FileStream(metricsPath, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        _tensorBoard = SummaryWriter(tensorBoardFolder);
    }

    /// <summary>Logs the metrics of one step; NaN and infinite values are written as null in JSON and skipped in TensorBoard.</summary>
    public void Write(int step, IReadOnlyDictionary<string, double> metrics)
    {
        var line = new StringBuilder("{\"step\":").Append(step.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in metrics)
        {
            line.Append(",\"").Append(name).Append("\":")
                .Append(double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "null");
            if (double.IsFinite(value))
            {
                _tensorBoard.add_scalar(name, (float)value, step);
            }
        }

        _lines.WriteLine(line.Append('}').ToString());
        _lines.Flush();
    }

    public void Dispose() => _lines.Dispose();
}
