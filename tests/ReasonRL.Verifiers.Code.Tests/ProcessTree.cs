namespace ReasonRL.Verifiers.Code.Tests;

/// <summary>Processes as /proc shows them: for checking that no sandbox process outlives its verifier.</summary>
internal static class ProcessTree
{
    /// <summary>A process by pid and start time (so a reused pid is not mistaken for the same process).</summary>
    public readonly record struct ProcessId(int Pid, long StartTicks);

    public static IReadOnlyList<ProcessId> DescendantsOf(IEnumerable<int> roots)
    {
        var parents = new Dictionary<int, (int Parent, long Start)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Stat(pid) is { } stat)
            {
                parents[pid] = stat;
            }
        }

        var found = new List<ProcessId>();
        var frontier = new HashSet<int>(roots);
        foreach (var root in frontier.Where(parents.ContainsKey))
        {
            found.Add(new ProcessId(root, parents[root].Start));
        }

        while (frontier.Count > 0)
        {
            var next = parents.Where(p => frontier.Contains(p.Value.Parent)).Select(p => p.Key).ToHashSet();
            found.AddRange(next.Select(pid => new ProcessId(pid, parents[pid].Start)));
            frontier = next;
        }

        return found;
    }

    public static bool IsAlive(ProcessId process) => Stat(process.Pid) is { } stat && stat.Start == process.StartTicks;

    /// <summary>Whether the process still has an entry in /proc, as a zombie nobody has reaped or otherwise.</summary>
    public static bool Exists(ProcessId process) => Stat(process.Pid, includeZombies: true) is { } stat && stat.Start == process.StartTicks;

    /// <summary>
    /// The processes still in /proc, alive or as unreaped zombies, after up to <paramref name="grace"/> (SIGKILL is
    /// delivered asynchronously, so a process may take a moment to go), each described by its pid and command line.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SurvivorsAsync(IReadOnlyList<ProcessId> processes, TimeSpan grace)
    {
        var deadline = DateTime.UtcNow + grace;
        while (processes.Any(Exists) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return [.. processes.Where(Exists).Select(p => $"{p.Pid} {(IsAlive(p) ? "" : "(zombie) ")}{CommandLine(p.Pid)}")];
    }

    /// <summary>
    /// The fork servers under <paramref name="roots"/> (the sandbox launchers): the Python processes running the fork
    /// server's command line whose parent does not (their children, the programs, share the command line), sorted.
    /// </summary>
    public static IReadOnlyList<int> ForkServers(IEnumerable<int> roots) =>
        [.. DescendantsOf(roots).Select(p => p.Pid)
            .Where(pid => IsForkServerCommand(pid) && Stat(pid) is { } stat && !IsForkServerCommand(stat.Parent))
            .Order()];

    /// <summary>The programs' processes under <paramref name="root"/>: the children of its fork servers.</summary>
    public static IReadOnlyList<int> Programs(int root) =>
        [.. DescendantsOf([root]).Select(p => p.Pid).Where(pid => IsForkServerCommand(pid) && Stat(pid) is { } stat && IsForkServerCommand(stat.Parent))];

    /// <summary>Resident memory of a process in bytes (0 when it is gone).</summary>
    public static long ResidentBytes(int pid)
    {
        try
        {
            var fields = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return long.Parse(fields[1]) * Environment.SystemPageSize;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static bool IsForkServerCommand(int pid) => CommandLine(pid).Contains(" -I -S -B -c ", StringComparison.Ordinal);

    private static string CommandLine(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            return text.Length <= 120 ? text : text[..120];
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>Parent pid and start time from /proc/PID/stat (fields 4 and 22; the command name may hold spaces).</summary>
    private static (int Parent, long Start)? Stat(int pid, bool includeZombies = false)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] == "Z" && !includeZombies ? null : (int.Parse(fields[1]), long.Parse(fields[19]));
        }
        catch (IOException)
        {
            return null;
        }
    }
}
