using System.Text.Json;
using ReasonRL.Core.Io;
using ReasonRL.Core.Json;

namespace ReasonRL.Training.Stages;

/// <summary>
/// <c>result.json</c> in a stage's folder: its <see cref="StageResult"/>, written last, so that a resumed run skips
/// a stage that already finished and hands its result to later stages unchanged.
/// </summary>
public static class StageResultFile
{
    private sealed record Stored(string Name, string? Checkpoint, Dictionary<string, double> Summary, string? Dataset = null);

    public static string PathIn(string stageFolder) => Path.Combine(stageFolder, "result.json");

    public static void Write(string stageFolder, StageResult result) =>
        AtomicFile.WriteAllText(
            PathIn(stageFolder),
            JsonSerializer.Serialize(new Stored(result.Name, result.Checkpoint, new Dictionary<string, double>(result.Summary), result.Dataset), RecordJson.Indented));

    public static StageResult? Read(string stageFolder)
    {
        var path = PathIn(stageFolder);
        if (!File.Exists(path))
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path), RecordJson.Options)!;
        return new StageResult(stored.Name, stored.Checkpoint, stored.Summary) { Dataset = stored.Dataset };
    }
}
