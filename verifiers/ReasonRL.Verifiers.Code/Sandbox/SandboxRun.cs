using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Sandbox;

/// <summary>A program and the inputs to call its entry point on. No expected values: they never leave the host.</summary>
public sealed record SandboxRequest(string Program, string EntryPoint, IReadOnlyList<IReadOnlyList<PlainValue>> Inputs);

/// <summary>How a run ended, as far as the host could see.</summary>
public enum RunEnd
{
    /// <summary>The child sent a results frame after the handshake.</summary>
    Reported,

    /// <summary>The wall-clock deadline passed; the host killed the child.</summary>
    TimedOut,

    /// <summary>The child ended without a results frame (see <see cref="RunReport.ExitStatus"/>).</summary>
    EndedWithoutReport,

    /// <summary>The child broke the protocol (a frame out of order or cut short).</summary>
    ProtocolViolation,

    /// <summary>The child announced a frame longer than the host reads for this program; it was not read.</summary>
    OversizedFrame,

    /// <summary>The fork server itself died while this program ran, on every attempt.</summary>
    SandboxDied,
}

/// <summary>What one run of a program produced: raw material for <see cref="Verification.RunJudge"/>.</summary>
/// <param name="Results">The results frame's bytes (ASCII JSON from an honest child's driver), when <see cref="End"/> is <see cref="RunEnd.Reported"/>.</param>
/// <param name="Nonce">The nonce the host sent for this run; a results frame must carry it.</param>
/// <param name="ExitStatus">Exit code (≥ 0) or −signal of the child; null when unknown.</param>
/// <param name="Problem">What went wrong in the protocol, when it did.</param>
/// <param name="Isolation">The sandbox the program ran in.</param>
public sealed record RunReport(
    RunEnd End,
    byte[]? Results,
    string Nonce,
    int? ExitStatus,
    int CpuMilliseconds,
    string? Problem,
    SandboxIsolation Isolation);

/// <summary>The isolation programs actually ran under.</summary>
/// <param name="Seccomp">Whether children run under the seccomp allow list (its self-test passed).</param>
/// <param name="ChildNamespaces">
/// Whether every program gets a user and PID namespace of its own, so that the kernel keeps programs from signalling,
/// tracing or re-prioritising each other and the fork server (otherwise only the seccomp filter does).
/// </param>
public sealed record SandboxIsolation(SandboxKind Kind, bool Seccomp, bool ChildNamespaces, string Python, string PythonVersion)
{
    /// <summary>Weaker than namespaces, a namespace per program and seccomp: every verdict is flagged and a warning logged once.</summary>
    public bool IsWeak => Kind == SandboxKind.ProcessLimitsOnly || !Seccomp || !ChildNamespaces;

    public override string ToString() =>
        $"{Kind}{(Seccomp ? " + seccomp allow list" : ", no seccomp")}" +
        $"{(ChildNamespaces ? ", a user and PID namespace per program" : ", programs share namespaces")}, {Python} ({PythonVersion})";
}

/// <summary>The sandbox could not run a program after every attempt (the verdict is an error, never a reward).</summary>
public sealed class SandboxUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
