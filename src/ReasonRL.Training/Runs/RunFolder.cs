using ReasonRL.Core;

namespace ReasonRL.Training.Runs;

/// <summary>What to do when a run folder of the same name already exists.</summary>
public enum RunFolderMode
{
    /// <summary>Refuse: a run's results are never overwritten by accident.</summary>
    New,

    /// <summary>Continue the run in the existing folder from its last checkpoint.</summary>
    Resume,

    /// <summary>Delete the existing folder and start over.</summary>
    Force,
}

/// <summary>
/// <c>runs/&lt;name&gt;/</c>: everything one run writes — the resolved recipe, the log, metrics, samples,
/// TensorBoard events, checkpoints, plots, the report and the summary.
/// </summary>
public sealed class RunFolder
{
    private RunFolder(string path) => Path = path;

    public string Path { get; }

    public string ResolvedRecipe => Combine("recipe.resolved.yaml");

    public string Log => Combine("log.txt");

    public string Metrics => Combine("metrics.jsonl");

    public string Samples => Combine("samples.jsonl");

    public string Checkpoints => Combine("checkpoints");

    public string Plots => Combine("plots");

    public string Report => Combine("report.html");

    public string Summary => Combine("summary.json");

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>A sub-folder for one stage or sweep arm, itself a run folder.</summary>
    public RunFolder Child(string name)
    {
        var child = new RunFolder(Combine(name));
        Directory.CreateDirectory(child.Path);
        return child;
    }

    /// <summary>Opens <c>{runsDir}/{name}</c> according to <paramref name="mode"/>.</summary>
    public static RunFolder Open(string runsDir, string name, RunFolderMode mode)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(runsDir, name));
        var exists = Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any();
        switch (mode)
        {
            case RunFolderMode.New when exists:
                throw new InputException(
                    $"run folder {System.IO.Path.Combine(runsDir, name)} already exists; pass --resume to continue it or --force to start over");
            case RunFolderMode.Resume when !exists:
                throw new InputException($"cannot resume: run folder {System.IO.Path.Combine(runsDir, name)} does not exist");
            case RunFolderMode.Force when exists:
                Directory.Delete(path, recursive: true);
                break;
        }

        Directory.CreateDirectory(path);
        return new RunFolder(path);
    }

    /// <summary>An existing run folder, for reading (<c>reasonrl report</c>).</summary>
    public static RunFolder Existing(string path) =>
        Directory.Exists(path) ? new RunFolder(System.IO.Path.GetFullPath(path)) : throw new InputException($"{path}: no such run folder");
}
