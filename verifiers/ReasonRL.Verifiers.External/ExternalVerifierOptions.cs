namespace ReasonRL.Verifiers.External;

/// <summary>How to run an external verifier program.</summary>
public sealed record ExternalVerifierOptions
{
    /// <summary>The verifier's registry name (its reward column).</summary>
    public required string Name { get; init; }

    /// <summary>The program to start (looked up on PATH unless it contains a '/').</summary>
    public required string Command { get; init; }

    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The program's working folder (default: the current one).</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The longest one request may take, start-up of a fresh process included; then the process is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many copies of the program run at once, each answering one request at a time.</summary>
    public int Concurrency { get; init; } = 1;
}
