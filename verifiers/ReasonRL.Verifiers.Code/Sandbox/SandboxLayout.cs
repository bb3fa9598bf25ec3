using System.Globalization;

namespace ReasonRL.Verifiers.Code.Sandbox;

/// <summary>The isolation a fork server got, strongest first.</summary>
public enum SandboxKind
{
    /// <summary>
    /// bubblewrap, run unprivileged (as <c>nobody</c> when ReasonRL is root): new user, PID, network, IPC, UTS and
    /// mount namespaces; a read-only root with only <c>/usr</c> and the host's socket in it; no writable mount.
    /// </summary>
    Namespaces,

    /// <summary>
    /// bubblewrap run as root without a user namespace (for kernels that forbid unprivileged ones), dropping to
    /// <c>nobody</c> with <c>setpriv</c> inside: the same namespaces and mounts otherwise.
    /// </summary>
    NamespacesRootLaunched,

    /// <summary>No namespaces: an unprivileged uid where possible, rlimits and seccomp only. The file system is visible.</summary>
    ProcessLimitsOnly,
}

/// <summary>The limits every program of a fork server runs under: address space (RLIMIT_AS) and CPU seconds (RLIMIT_CPU).</summary>
public sealed record ChildLimits(long MemoryBytes, int CpuSeconds);

/// <summary>One way to start a fork server: the command line and what it isolates.</summary>
/// <param name="SocketPath">The host's socket as the fork server sees it.</param>
public sealed record SandboxLayout(SandboxKind Kind, string FileName, IReadOnlyList<string> Arguments, string SocketPath)
{
    public const string SocketDirectoryInside = "/run/reasonrl";
    public const string SocketName = "sandbox.sock";
    private const string Setpriv = "/usr/bin/setpriv";

    public bool IsWeak => Kind == SandboxKind.ProcessLimitsOnly;

    /// <summary>
    /// The layouts to try, strongest first, for <paramref name="mode"/>. <paramref name="script"/> is the fork
    /// server's source; <paramref name="socketDirectory"/> the host directory holding the socket;
    /// <paramref name="limits"/> what each program may use (set in each child before it reports for work).
    /// </summary>
    public static IReadOnlyList<SandboxLayout> Candidates(
        IsolationMode mode, string python, string? bubblewrap, string socketDirectory, bool isRoot, int unprivilegedId, string script, ChildLimits limits)
    {
        var layouts = new List<SandboxLayout>();
        var setpriv = isRoot && File.Exists(Setpriv);
        if (mode != IsolationMode.ProcessLimitsOnly && bubblewrap is not null)
        {
            var inside = $"{SocketDirectoryInside}/{SocketName}";
            var interpreter = PythonCommand(python, script, inside, limits);
            if (!isRoot || setpriv)
            {
                List<string> args = isRoot ? [.. SetprivArguments(unprivilegedId), "--", bubblewrap] : [];
                args.AddRange(["--unshare-all", "--cap-drop", "ALL"]);
                args.AddRange(BubblewrapMounts(python, socketDirectory));
                args.Add("--");
                args.AddRange(interpreter);
                layouts.Add(new(SandboxKind.Namespaces, isRoot ? Setpriv : bubblewrap, args, inside));
            }

            if (setpriv)
            {
                List<string> args = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"];
                args.AddRange(BubblewrapMounts(python, socketDirectory));
                args.AddRange(["--", Setpriv, .. SetprivArguments(unprivilegedId), "--inh-caps=-all", "--bounding-set=-all", "--"]);
                args.AddRange(interpreter);
                layouts.Add(new(SandboxKind.NamespacesRootLaunched, bubblewrap, args, inside));
            }
        }

        if (mode != IsolationMode.RequireNamespaces)
        {
            var socket = Path.Combine(socketDirectory, SocketName);
            var interpreter = PythonCommand(python, script, socket, limits);
            layouts.Add(setpriv
                ? new(SandboxKind.ProcessLimitsOnly, Setpriv, [.. SetprivArguments(unprivilegedId), "--pdeathsig", "KILL", "--", .. interpreter], socket)
                : new(SandboxKind.ProcessLimitsOnly, interpreter[0], [.. interpreter.Skip(1)], socket));
        }

        return layouts;
    }

    /// <summary>The bubblewrap binary, or null when it is not installed.</summary>
    public static string? FindBubblewrap(string? configured) =>
        configured ?? new[] { "/usr/bin/bwrap", "/bin/bwrap", "/usr/local/bin/bwrap" }.FirstOrDefault(File.Exists);

    /// <summary>
    /// <c>-I</c> ignores the environment and user site-packages, <c>-S</c> skips <c>site</c> (faster start),
    /// <c>-B</c> writes no bytecode.
    /// </summary>
    private static string[] PythonCommand(string python, string script, string socketPath, ChildLimits limits) =>
        [python, "-I", "-S", "-B", "-c", script, socketPath,
            limits.MemoryBytes.ToString(CultureInfo.InvariantCulture), limits.CpuSeconds.ToString(CultureInfo.InvariantCulture)];

    private static string[] SetprivArguments(int id) =>
        [$"--reuid={id}", $"--regid={id}", "--clear-groups", "--no-new-privs"];

    /// <summary>
    /// A root of nothing but read-only system directories, a fresh <c>/proc</c> for the new PID namespace, minimal
    /// devices, and the socket directory (read-only: connecting needs no write access). The root and
    /// <c>/dev</c> are remounted read-only, so no program can leave a file for the next one.
    /// </summary>
    private static List<string> BubblewrapMounts(string python, string socketDirectory)
    {
        // --as-pid-1: the fork server itself is PID 1 of the namespace, so bubblewrap waits for it directly (its own
        // reaper would be left as a zombie for the system's init to collect), and the kernel kills everything in the
        // namespace the moment the fork server ends.
        List<string> args = ["--die-with-parent", "--new-session", "--as-pid-1", "--ro-bind", "/usr", "/usr"];
        foreach (var name in new[] { "bin", "sbin", "lib", "lib32", "lib64", "libx32" })
        {
            var path = "/" + name;
            var info = new DirectoryInfo(path);
            if (info.LinkTarget is { } target)
            {
                args.AddRange(["--symlink", target, path]);
            }
            else if (info.Exists)
            {
                args.AddRange(["--ro-bind", path, path]);
            }
        }

        args.AddRange(["--ro-bind-try", "/etc/ld.so.cache", "/etc/ld.so.cache"]);
        var interpreter = PythonLocator.Resolve(python);
        if (!interpreter.StartsWith("/usr/", StringComparison.Ordinal))
        {
            // An interpreter outside /usr (a pyenv or conda install): its prefix is <prefix>/bin/pythonX.
            var prefix = Path.GetDirectoryName(Path.GetDirectoryName(interpreter))!;
            args.AddRange(["--ro-bind", prefix, prefix]);
        }

        args.AddRange(["--ro-bind", socketDirectory, SocketDirectoryInside]);
        args.AddRange(["--proc", "/proc", "--dev", "/dev", "--remount-ro", "/dev", "--remount-ro", "/"]);
        args.AddRange(["--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--chdir", "/"]);
        return args;
    }
}
