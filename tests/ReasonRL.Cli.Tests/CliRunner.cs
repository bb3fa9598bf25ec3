using ReasonRL.Cli.Hosting;

namespace ReasonRL.Cli.Tests;

/// <summary>Runs the <c>reasonrl</c> command in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await ReasonRLApp.RunAsync(args, new CliConsole(output, error), CancellationToken.None);
        return (exitCode, output.ToString(), error.ToString());
    }
}
