namespace ReasonRL.Core.Records;

/// <summary>The flag labels verifiers put in <see cref="Verdict.Flags"/>; trainers log each as a rate.</summary>
public static class VerdictFlags
{
    /// <summary>The program passed every visible test but failed a hidden one: the special-casing signal.</summary>
    public const string PassesVisibleFailsHidden = "passes_visible_fails_hidden";

    /// <summary>The program's text compares its arguments with a visible example's and returns that example's answer.</summary>
    public const string SpecialCasing = "special_casing";
    public const string ExitAttempt = "exit_attempt";
    public const string NonPlainReturnValue = "non_plain_return_value";
    public const string SchemaViolation = "schema_violation";
    public const string Timeout = "timeout";
    public const string Truncated = "truncated";

    /// <summary>The verifier threw instead of judging; the verdict is an error (see <c>RewardComposer</c>).</summary>
    public const string VerifierFailure = "verifier_failure";

    // Raised by sandboxed program runners (the code verifier).

    /// <summary>The program made a system call the sandbox forbids (fork, exec, socket, kill, writing a file, ...).</summary>
    public const string ForbiddenSyscall = "forbidden_syscall";

    /// <summary>A return value was larger or deeper than the runner accepts.</summary>
    public const string OutputLimit = "output_limit";

    /// <summary>The program ran out of its memory limit.</summary>
    public const string MemoryLimit = "memory_limit";

    /// <summary>The program's process crashed (a signal such as SIGSEGV), e.g. after unbounded recursion.</summary>
    public const string Crashed = "crashed";

    /// <summary>The program took its sandbox down (on every retry, the last one alone on a fresh sandbox).</summary>
    public const string SandboxCrash = "sandbox_crash";

    /// <summary>
    /// The program's results were not text the runner writes: a byte outside ASCII, or a string holding an unpaired
    /// UTF-16 surrogate (an honest runner reports such a returned string as not plain).
    /// </summary>
    public const string InvalidEncoding = "invalid_encoding";

    /// <summary>The program's results went past what the host reads at all: an oversized frame, nesting too deep, an integer or number of too many digits.</summary>
    public const string FrameLimit = "frame_limit";

    /// <summary>The program ran with weaker isolation than namespaces plus seccomp (logged once, loudly).</summary>
    public const string WeakIsolation = "weak_isolation";
}
