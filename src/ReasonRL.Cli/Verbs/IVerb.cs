using ReasonRL.Cli.CommandLine;

namespace ReasonRL.Cli.Verbs;

/// <summary>One verb of the <c>reasonrl</c> command. Its <see cref="VerbSpec"/> is static so that help and
/// parsing work before the host is built.</summary>
internal interface IVerb
{
    /// <returns>The process exit code: 0 success, 1 runtime failure, 2 usage or input error.</returns>
    Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken);
}

internal sealed record VerbRegistration(VerbSpec Spec, Type Implementation);
