using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Verification;

/// <summary>How loading the program went, as its results say.</summary>
public enum LoadOutcome
{
    Loaded,

    /// <summary>It raised SystemExit or KeyboardInterrupt (an exit attempt).</summary>
    ExitAttempt,

    /// <summary>It raised an exception (see <see cref="LoadRecord.TypeName"/>).</summary>
    Raised,

    /// <summary>It defines nothing callable under the entry point's name.</summary>
    NoEntryPoint,
}

/// <summary>What one call of the entry point did, as the results say.</summary>
public enum TestOutcome
{
    /// <summary>It returned a plain value (see <see cref="TestRecord.Value"/>).</summary>
    Returned,

    /// <summary>It raised SystemExit or KeyboardInterrupt.</summary>
    ExitAttempt,

    Raised,

    /// <summary>It returned something that is not plain JSON data (a tuple, a custom class, a string with an unpaired surrogate).</summary>
    NonPlain,

    /// <summary>It returned a value over the size, digit or depth limit.</summary>
    TooLarge,
}

/// <param name="TypeName">The exception's type name, for <see cref="LoadOutcome.Raised"/>.</param>
/// <param name="MemoryError">The exception was MemoryError (the memory limit).</param>
/// <param name="UserType">The exception's type was defined by the program.</param>
public sealed record LoadRecord(LoadOutcome Outcome, string? TypeName = null, bool MemoryError = false, bool UserType = false);

/// <param name="Value">The returned value, for <see cref="TestOutcome.Returned"/>.</param>
/// <param name="TypeName">The exception's or the returned object's type name, for <see cref="TestOutcome.Raised"/> and <see cref="TestOutcome.NonPlain"/>.</param>
/// <param name="MemoryError">The exception was MemoryError.</param>
/// <param name="UserType">The type was defined by the program (a custom class returned is tampering).</param>
public sealed record TestRecord(TestOutcome Outcome, PlainValue? Value = null, string? TypeName = null, bool MemoryError = false, bool UserType = false);

/// <summary>A child's results, read and checked by <see cref="ResultsFrameReader"/>: the load, then one record per test sent.</summary>
public sealed record ResultsFrame(LoadRecord Load, IReadOnlyList<TestRecord> Tests);

/// <summary>Why the host refused a results frame: the verdict flag that names the problem, and a message.</summary>
public sealed class FrameRejectedException(string flag, string message) : Exception(message)
{
    public string Flag { get; } = flag;
}
