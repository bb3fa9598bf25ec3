using System.Collections;
using System.Runtime.InteropServices;

namespace ReasonRL.Model;

/// <summary>
/// Which C allocator libtorch's tensors come from. A step of a small model allocates and frees thousands of tensors
/// (every kernel's output, oneDNN's scratch buffers); glibc's malloc spends a measurable share of the step consolidating
/// and splitting its free lists, and its per-thread arenas hand pages back to the kernel, which zeroes them again on the
/// next fault. jemalloc with its caches kept (<see cref="JemallocSettings"/>) does neither: measured on the r1-zero GRPO
/// step, 2.04 → 1.72 s (README, "Speed of the R1-Zero step"). The allocator changes no number a run computes.
/// </summary>
/// <remarks>
/// A process cannot change its allocator once running, so <see cref="UseJemallocWherePossible"/>, called first thing,
/// starts the same command again (<c>execve</c> of <c>/proc/self/exe</c> with the same arguments) with jemalloc in
/// <c>LD_PRELOAD</c>, and the new process restores the environment its own children inherit (a sandboxed program must
/// not get the preload). Where jemalloc is not installed (<c>tools/setup</c> installs Debian's libjemalloc2), or with
/// <c>REASONRL_ALLOCATOR=glibc</c>, glibc's malloc is kept with <see cref="NativeHeap.KeepFreedMemory"/>.
/// </remarks>
public static class NativeAllocator
{
    /// <summary>Set to <c>glibc</c> to keep the C library's malloc.</summary>
    public const string ChoiceVariable = "REASONRL_ALLOCATOR";

    /// <summary>jemalloc's settings (<c>MALLOC_CONF</c>): keep freed pages and address space for reuse, never purge.</summary>
    public const string JemallocSettings = "retain:true,dirty_decay_ms:-1,muzzy_decay_ms:-1";

    internal const string PreloadedVariable = "REASONRL_PRELOADED";             // set for the restarted process: the library preloaded
    internal const string OriginalPreloadVariable = "REASONRL_ORIGINAL_LD_PRELOAD"; // LD_PRELOAD before the restart, if any
    internal const string SettingsSetVariable = "REASONRL_SET_MALLOC_CONF";      // "1" when MALLOC_CONF was set for the restart

    /// <summary>Where Debian and other distributions install jemalloc's shared library.</summary>
    public static readonly IReadOnlyList<string> JemallocPaths =
    [
        "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
        "/usr/lib64/libjemalloc.so.2", "/usr/lib/libjemalloc.so.2", "/usr/local/lib/libjemalloc.so.2",
    ];

    /// <summary>The allocator in use, for logs and benchmark reports: "jemalloc" or "glibc".</summary>
    public static string Current { get; private set; } = "glibc";

    /// <summary>
    /// Makes jemalloc the process's allocator where it is installed: restarts the command with it preloaded (this call
    /// then does not return), or, in the restarted process, cleans the environment children inherit. Elsewhere keeps
    /// glibc's malloc with <see cref="NativeHeap.KeepFreedMemory"/>. Call before anything else in <c>Main</c>.
    /// </summary>
    public static void UseJemallocWherePossible()
    {
        if (!OperatingSystem.IsLinux())
        {
            NativeHeap.KeepFreedMemory();
            return;
        }

        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        var decision = Decide(environment, JemallocLoaded(), File.Exists);
        foreach (var (name, value) in decision.Environment)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        if (decision.Restart)
        {
            Restart(); // returns only if execve failed: carry on with glibc below
            foreach (var name in decision.Environment.Keys)
            {
                Environment.SetEnvironmentVariable(name, environment.GetValueOrDefault(name));
            }
        }

        Current = decision.Restart ? "glibc" : decision.Allocator;
        if (Current == "glibc")
        {
            NativeHeap.KeepFreedMemory();
        }
    }

    /// <summary>What to do, from the environment, whether jemalloc is mapped already, and which files exist.</summary>
    /// <returns>
    /// Restart: start again with <see cref="Decision.Environment"/> applied; otherwise apply it (it restores what a
    /// restart changed) and run on <see cref="Decision.Allocator"/>.
    /// </returns>
    internal static Decision Decide(IReadOnlyDictionary<string, string?> environment, bool jemallocLoaded, Func<string, bool> exists)
    {
        if (environment.ContainsKey(PreloadedVariable))
        {
            // The restarted process (or one whose restart failed to preload): children get the environment from before.
            var restored = new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                [PreloadedVariable] = null,
                [OriginalPreloadVariable] = null,
                [SettingsSetVariable] = null,
                ["LD_PRELOAD"] = environment.GetValueOrDefault(OriginalPreloadVariable),
            };
            if (environment.GetValueOrDefault(SettingsSetVariable) == "1")
            {
                restored["MALLOC_CONF"] = null;
            }

            return new Decision(false, jemallocLoaded ? "jemalloc" : "glibc", restored);
        }

        if (jemallocLoaded)
        {
            return new Decision(false, "jemalloc", new Dictionary<string, string?>());
        }

        var choice = environment.GetValueOrDefault(ChoiceVariable);
        var library = JemallocPaths.FirstOrDefault(exists);
        if (string.Equals(choice, "glibc", StringComparison.OrdinalIgnoreCase) || library is null)
        {
            return new Decision(false, "glibc", new Dictionary<string, string?>());
        }

        var preload = environment.GetValueOrDefault("LD_PRELOAD");
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [PreloadedVariable] = library,
            ["LD_PRELOAD"] = string.IsNullOrEmpty(preload) ? library : $"{library}:{preload}",
        };
        if (!string.IsNullOrEmpty(preload))
        {
            changes[OriginalPreloadVariable] = preload;
        }

        if (!environment.ContainsKey("MALLOC_CONF"))
        {
            changes["MALLOC_CONF"] = JemallocSettings;
            changes[SettingsSetVariable] = "1";
        }

        return new Decision(true, "jemalloc", changes);
    }

    /// <param name="Restart">Start the command again with <paramref name="Environment"/> applied.</param>
    /// <param name="Allocator">The allocator the process runs on when it does not restart.</param>
    /// <param name="Environment">Variables to set (null: remove).</param>
    internal sealed record Decision(bool Restart, string Allocator, IReadOnlyDictionary<string, string?> Environment);

    private static bool JemallocLoaded()
    {
        try
        {
            return File.ReadLines("/proc/self/maps").Any(line => line.Contains("libjemalloc", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>execve of this process's executable with its own arguments and the current environment; returns only on failure.</summary>
    private static void Restart()
    {
        string[] arguments;
        try
        {
            arguments = File.ReadAllText("/proc/self/cmdline").Split('\0', StringSplitOptions.None);
        }
        catch (IOException)
        {
            return;
        }

        // /proc/self/cmdline ends with a NUL, so the split's last element is empty: it becomes argv's terminating null.
        var argv = arguments.Select((a, i) => i == arguments.Length - 1 ? null : a).ToArray();
        var envp = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Select(e => $"{e.Key}={e.Value}").Append(null).ToArray();
        _ = Execve("/proc/self/exe", argv, envp);
    }

    // DllImport, not LibraryImport: LibraryImport would need unsafe code enabled for the string arrays.
    [DllImport("libc", EntryPoint = "execve", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Execve(string path, string?[] argv, string?[] envp);
}
