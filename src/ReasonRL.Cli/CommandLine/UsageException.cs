namespace ReasonRL.Cli.CommandLine;

/// <summary>The command line itself is wrong (unknown verb or option, missing or malformed value): exit code 2.</summary>
internal sealed class UsageException(string message, VerbSpec? verb = null) : Exception(message)
{
    /// <summary>The verb whose usage line should follow the message, if known.</summary>
    public VerbSpec? Verb { get; } = verb;
}
