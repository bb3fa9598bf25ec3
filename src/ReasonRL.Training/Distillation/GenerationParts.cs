using System.Globalization;
using System.Text;
using System.Text.Json;
using ReasonRL.Core;
using ReasonRL.Core.Io;
using ReasonRL.Core.Json;

namespace ReasonRL.Training.Distillation;

/// <summary>
/// The work folder of a dataset being generated, <c>&lt;out&gt;.parts/</c>: the settings it was started with and one
/// file per finished chunk of problems, each written atomically (a killed run leaves whole chunks or none, never a
/// half-written line). A resumed run skips the problems these chunks hold; at the end the chunks are joined, in
/// order, into the dataset and its problems file, and the folder is deleted. The dataset file itself therefore only
/// ever exists complete.
/// </summary>
public sealed class GenerationParts
{
    private const string SettingsFile = "settings.json";
    private const string ChunkPrefix = "chunk-";

    /// <summary>One line of a chunk file: a problem's tally and the records kept for it.</summary>
    private sealed record ChunkLine(SampledProblem Problem, IReadOnlyList<DistillRecord> Records);

    private GenerationParts(string folder) => Folder = folder;

    public string Folder { get; }

    /// <summary>The parts folder beside <paramref name="datasetPath"/>.</summary>
    public static string FolderFor(string datasetPath) => Path.GetFullPath(datasetPath) + ".parts";

    /// <summary>
    /// Opens the parts folder of <paramref name="datasetPath"/>: a new one, or with <paramref name="resume"/> the one an
    /// interrupted run left, which must have been started with the same <paramref name="settings"/>.
    /// </summary>
    public static GenerationParts Open(string datasetPath, GenerationIdentity settings, bool resume)
    {
        var folder = FolderFor(datasetPath);
        var settingsJson = JsonSerializer.Serialize(settings, RecordJson.Indented);
        if (Directory.Exists(folder))
        {
            if (!resume)
            {
                throw new InputException($"{folder} holds the chunks of an interrupted run: continue it with --resume, or delete the folder to start over");
            }

            var path = Path.Combine(folder, SettingsFile);
            var previous = File.Exists(path) ? File.ReadAllText(path) : "";
            if (previous != settingsJson)
            {
                throw new InputException(
                    $"{path}: the interrupted run used other settings than this one; resume with the same teacher, samples, keep rule, sampling, seed and prompt template, or delete {folder}.{Environment.NewLine}then: {Compact(previous)}{Environment.NewLine}now:  {Compact(settingsJson)}");
            }
        }
        else
        {
            Directory.CreateDirectory(folder);
            AtomicFile.WriteAllText(Path.Combine(folder, SettingsFile), settingsJson);
        }

        return new GenerationParts(folder);
    }

    /// <summary>Finished chunk files, in the order they were written.</summary>
    public IReadOnlyList<string> Chunks() =>
        [.. Directory.EnumerateFiles(Folder, ChunkPrefix + "*.jsonl").Order(StringComparer.Ordinal)];

    /// <summary>Ids of the problems the finished chunks hold.</summary>
    public HashSet<string> DoneIds()
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (problem, _) in ReadAll())
        {
            done.Add(problem.Id);
        }

        return done;
    }

    /// <summary>The tallies of the problems done so far (for progress after a resume).</summary>
    public IEnumerable<(SampledProblem Problem, IReadOnlyList<DistillRecord> Records)> ReadAll()
    {
        foreach (var chunk in Chunks())
        {
            foreach (var line in File.ReadLines(chunk))
            {
                var parsed = JsonSerializer.Deserialize<ChunkLine>(line, RecordJson.Options)
                    ?? throw new InvalidDataException($"{chunk}: empty line");
                yield return (parsed.Problem, parsed.Records);
            }
        }
    }

    /// <summary>Writes the next chunk atomically.</summary>
    public void Write(IReadOnlyList<(SampledProblem Problem, IReadOnlyList<DistillRecord> Records)> problems)
    {
        var index = Chunks().Count;
        var path = Path.Combine(Folder, $"{ChunkPrefix}{index.ToString("D6", CultureInfo.InvariantCulture)}.jsonl");
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            foreach (var (problem, records) in problems)
            {
                writer.Write(JsonSerializer.Serialize(new ChunkLine(problem, records), RecordJson.Options));
                writer.Write('\n');
            }
        });
    }

    /// <summary>
    /// Joins the chunks into <paramref name="datasetPath"/> (one record a line) and <paramref name="problemsPath"/>
    /// (one tally a line), each written atomically and streamed, then deletes the parts folder.
    /// </summary>
    public void Assemble(string datasetPath, string problemsPath)
    {
        AtomicFile.Write(problemsPath, problemsStream =>
        {
            using var problemsWriter = new StreamWriter(problemsStream, new UTF8Encoding(false), leaveOpen: true);
            AtomicFile.Write(datasetPath, datasetStream =>
            {
                using var datasetWriter = new StreamWriter(datasetStream, new UTF8Encoding(false), leaveOpen: true);
                foreach (var (problem, records) in ReadAll())
                {
                    problemsWriter.Write(Jsonl.Line(problem));
                    problemsWriter.Write('\n');
                    foreach (var record in records)
                    {
                        datasetWriter.Write(Jsonl.Line(record));
                        datasetWriter.Write('\n');
                    }
                }
            });
        });
        Directory.Delete(Folder, recursive: true);
    }

    private static string Compact(string json) =>
        json.Length == 0 ? "(no settings file)" : JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, RecordJson.Options);
}

/// <summary>The settings that decide a dataset's content; a run may only be resumed with the same ones.</summary>
/// <param name="PromptTemplate">How the teacher saw each problem (<c>r1</c>, <c>chat</c>, <c>raw</c>), with <paramref name="SystemPrompt"/> for chat.</param>
public sealed record GenerationIdentity(
    string TeacherSha256, int Samples, Core.Distillation.KeepRule Keep, SamplingProvenance Sampling, string PromptTemplate, string? SystemPrompt);
