namespace ReasonRL.Verifiers.Code.Sandbox;

/// <summary>Which isolation the sandbox may use.</summary>
public enum IsolationMode
{
    /// <summary>The strongest layout that starts on this machine (see <see cref="SandboxLayout"/>); weaker ones are flagged.</summary>
    Strongest,

    /// <summary>
    /// Namespaces (bubblewrap) and a user and PID namespace per program, or nothing: verdicts are errors where
    /// bubblewrap cannot run or the kernel refuses a namespace per program.
    /// </summary>
    RequireNamespaces,

    /// <summary>No namespaces: an unprivileged uid, rlimits and seccomp only. For machines without bubblewrap, and tests of that path.</summary>
    ProcessLimitsOnly,
}

/// <summary>How programs are run: the interpreter, the isolation, the limits and the parallelism.</summary>
public sealed record SandboxOptions
{
    /// <summary>The Python interpreter; null picks the newest system <c>/usr/bin/python3.N</c> (see <see cref="PythonLocator"/>).</summary>
    public string? PythonPath { get; init; }

    /// <summary>The bubblewrap binary; null looks for <c>bwrap</c> in <c>/usr/bin</c>, <c>/bin</c> and <c>/usr/local/bin</c>.</summary>
    public string? BubblewrapPath { get; init; }

    public IsolationMode Isolation { get; init; } = IsolationMode.Strongest;

    /// <summary>The uid and gid programs run as when ReasonRL runs as root (65534: <c>nobody</c>).</summary>
    public int UnprivilegedId { get; init; } = 65534;

    /// <summary>Fork servers (each a sandbox of its own); programs are spread over them.</summary>
    public int Workers { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Programs one fork server runs at the same time (more hides the latency of the host round trips).</summary>
    public int ProgramsPerWorker { get; init; } = 2;

    /// <summary>Wall-clock time for one program to load and answer every test.</summary>
    public TimeSpan WallTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>CPU seconds for one program (RLIMIT_CPU; the kernel kills the program at the limit).</summary>
    public int CpuSeconds { get; init; } = 2;

    /// <summary>Address-space limit of one program (RLIMIT_AS), including the interpreter (~40 MB).</summary>
    public long MemoryBytes { get; init; } = 512L << 20;

    /// <summary>Largest serialised return value, in characters; larger ones fail their test (flag <c>output_limit</c>).</summary>
    public int MaxValueChars { get; init; } = 100_000;

    /// <summary>Deepest nesting of a return value; deeper ones fail their test (flag <c>output_limit</c>).</summary>
    public int MaxValueDepth { get; init; } = 32;

    /// <summary>Tries per program when the sandbox itself fails (never when the program does); then the verdict is an error.</summary>
    public int Attempts { get; init; } = 3;

    /// <summary>How long a fork server may take to start, and a child to connect back.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public void Validate()
    {
        if (Workers < 1 || ProgramsPerWorker < 1 || Attempts < 1 || CpuSeconds < 1 || MaxValueDepth < 1 || MaxValueChars < 16)
        {
            throw new ArgumentException("sandbox options: workers, programs per worker, attempts, cpu seconds and value limits must be positive");
        }

        if (WallTimeout <= TimeSpan.Zero || StartTimeout <= TimeSpan.Zero || MemoryBytes < 64L << 20)
        {
            throw new ArgumentException("sandbox options: timeouts must be positive and memory at least 64 MB");
        }
    }
}
