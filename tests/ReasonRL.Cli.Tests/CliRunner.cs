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

    /// <summary>Runs it with a console of the test's own (e.g. one that says standard error is a terminal).</summary>
    public static Task<int> RunAsync(CliConsole console, params string[] args) =>
        ReasonRLApp.RunAsync(args, console, CancellationToken.None);
}
