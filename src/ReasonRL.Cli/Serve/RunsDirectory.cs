using ReasonRL.Training.Reports;

namespace ReasonRL.Cli.Serve;

/// <summary>One stage of one run (or sweep arm) that logs metrics: what a curve in the browser is drawn from.</summary>
/// <param name="Id">The stage folder relative to the runs folder, with '/' separators: <c>r1-zero/beta0/grpo</c>.</param>
/// <param name="Label">How the curve is named: <c>r1-zero/beta0</c>.</param>
internal sealed record SeriesInfo(string Id, string Run, string? Arm, string Stage, string Label, int Lines);

/// <summary>A run folder as the live view lists it.</summary>
/// <param name="Live">Something in it was written within <see cref="RunsDirectory.LiveWindow"/>: it is probably training.</param>
internal sealed record RunInfo(string Id, string? Description, bool Live, DateTime Updated, IReadOnlyList<string> Findings, IReadOnlyList<SeriesInfo> Series);

/// <summary>
/// The runs under a folder (<c>runs/</c> by default), read from the files a run writes as it goes: every sub-folder
/// holding a resolved recipe or a <c>summary.json</c> is a run; its stage folders (and its sweep arms' stage folders)
/// with a <c>metrics.jsonl</c> are its series. Nothing is cached: each request reads the folder as it is now. Paths
/// from the browser are resolved only to folders inside the runs folder.
/// </summary>
internal sealed class RunsDirectory
{
    /// <summary>A run written to within this long is shown as live.</summary>
    public static readonly TimeSpan LiveWindow = TimeSpan.FromSeconds(60);

    private readonly TimeProvider _clock;

    /// <summary>When the folder given is itself a run: that run's name, the only one listed (its parent is the root).</summary>
    private readonly string? _only;

    /// <param name="folder">A folder of runs (<c>runs/</c>) or one run folder.</param>
    public RunsDirectory(string folder, TimeProvider clock)
    {
        _clock = clock;
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        (Root, _only) = IsRun(full) && Path.GetDirectoryName(full) is { } parent ? (parent, Path.GetFileName(full)) : (full, null);
    }

    /// <summary>The folder of runs; every path the browser names resolves inside it.</summary>
    public string Root { get; }

    public IReadOnlyList<RunInfo> Runs()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        var folders = _only is { } only ? [Path.Combine(Root, only)] : Directory.EnumerateDirectories(Root).Where(IsRun).Order(StringComparer.Ordinal).ToList();
        return [.. folders.Select(Run).OrderByDescending(r => r.Updated)];
    }

    private static bool IsRun(string folder) =>
        File.Exists(Path.Combine(folder, "recipe.resolved.yaml")) || File.Exists(Path.Combine(folder, "summary.json"));

    private RunInfo Run(string folder)
    {
        var id = Relative(folder);
        var series = new List<SeriesInfo>();
        AddStages(series, folder, id, arm: null);
        foreach (var armFolder in Directory.EnumerateDirectories(folder).Where(IsRun).Order(StringComparer.Ordinal))
        {
            AddStages(series, armFolder, id, Path.GetFileName(armFolder));
        }

        var updated = new[] { folder }.Concat(series.Select(s => Path.Combine(Root, s.Id, "metrics.jsonl")))
            .Select(p => File.Exists(p) ? File.GetLastWriteTimeUtc(p) : Directory.GetLastWriteTimeUtc(p)).Max();
        var log = Path.Combine(folder, "log.txt");
        if (File.Exists(log))
        {
            updated = new[] { updated, File.GetLastWriteTimeUtc(log) }.Max();
        }

        return new RunInfo(id, Description(folder), _clock.GetUtcNow().UtcDateTime - updated < LiveWindow, updated, Findings(folder), series);
    }

    private void AddStages(List<SeriesInfo> series, string folder, string run, string? arm)
    {
        foreach (var stage in Directory.EnumerateDirectories(folder).Where(d => File.Exists(Path.Combine(d, "metrics.jsonl"))).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(stage);
            var lines = File.ReadLines(Path.Combine(stage, "metrics.jsonl")).Count(l => l.Length > 0);
            series.Add(new SeriesInfo(Relative(stage), run, arm, name, arm is null ? run : $"{run}/{arm}", lines));
        }
    }

    /// <summary>The report's one sentence per arm (<see cref="RunStory"/>), from what the run has written so far.</summary>
    private static List<string> Findings(string folder)
    {
        var summary = Path.Combine(folder, "summary.json");
        var stageFolders = Directory.EnumerateDirectories(folder).ToDictionary(d => Path.GetFileName(d), d => d, StringComparer.Ordinal);
        var shared = SummaryFile.Stages(summary);
        var arms = Directory.EnumerateDirectories(folder).Where(IsRun).Order(StringComparer.Ordinal).ToList();
        if (arms.Count == 0)
        {
            var stages = shared.Count > 0 ? shared : [.. stageFolders.Keys.Order(StringComparer.Ordinal).Select(s => new SummaryStage(s, null, [], 0, new Dictionary<string, double>()))];
            return [RunStory.Of(Path.GetFileName(folder), stages, stageFolders, SummaryFile.WallSeconds(summary)).Sentence()];
        }

        return [.. arms.Select(arm =>
        {
            var armSummary = Path.Combine(arm, "summary.json");
            var armStages = SummaryFile.Stages(armSummary);
            var folders = stageFolders.Concat(Directory.EnumerateDirectories(arm).ToDictionary(d => Path.GetFileName(d), d => d, StringComparer.Ordinal))
                .GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
            var stages = armStages.Count > 0
                ? armStages
                : [.. Directory.EnumerateDirectories(arm).Select(d => new SummaryStage(Path.GetFileName(d), null, [], 0, new Dictionary<string, double>()))];
            return $"{Path.GetFileName(arm)}: {RunStory.Of(Path.GetFileName(arm), [.. shared, .. stages], folders, SummaryFile.WallSeconds(armSummary)).Sentence()}";
        })];
    }

    private static string? Description(string folder)
    {
        var recipe = Path.Combine(folder, "recipe.resolved.yaml");
        return File.Exists(recipe)
            ? File.ReadLines(recipe).FirstOrDefault(l => l.StartsWith("description:", StringComparison.Ordinal))?["description:".Length..].Trim().Trim('\'', '"')
            : null;
    }

    /// <summary>
    /// The folder of a series id from the browser, or null when the id leaves the runs folder or names no stage with
    /// metrics (so <c>../../etc</c> reads nothing).
    /// </summary>
    public string? StageFolder(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        var folder = Path.GetFullPath(Path.Combine(Root, id));
        var inside = folder.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return inside && File.Exists(Path.Combine(folder, "metrics.jsonl")) ? folder : null;
    }

    /// <summary>
    /// The metrics lines from line <paramref name="from"/> on (complete lines only: one being written is left for the
    /// next read), and how many complete lines the file has. A file shorter than <paramref name="from"/> was rewritten
    /// (a resumed run drops the steps after its checkpoint): then every line is returned and <c>Reset</c> is true.
    /// </summary>
    public static (IReadOnlyList<string> Lines, int Total, bool Reset) MetricsFrom(string stageFolder, int from)
    {
        var lines = CompleteLines(Path.Combine(stageFolder, "metrics.jsonl"));
        return lines.Count < from ? (lines, lines.Count, true) : (lines.Skip(Math.Max(from, 0)).ToList(), lines.Count, false);
    }

    /// <summary>The stage's logged completions, one JSON object per line, complete lines only.</summary>
    public static IReadOnlyList<string> Samples(string stageFolder) => CompleteLines(Path.Combine(stageFolder, "samples.jsonl"));

    private static List<string> CompleteLines(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        // Shared read: the trainer keeps the file open for appending.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var end = text.LastIndexOf('\n');
        return end < 0 ? [] : [.. text[..end].Split('\n').Where(l => l.Length > 0 && l[^1] == '}')];
    }

    private string Relative(string folder) => Path.GetRelativePath(Root, folder).Replace(Path.DirectorySeparatorChar, '/');
}
