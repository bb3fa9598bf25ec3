using System.Diagnostics;

namespace ReasonRL.Cli.Tests;

/// <summary>Ctrl+C (SIGINT) during a long command ends it cleanly: exit code 130, a one-line message, no stack trace.</summary>
public class InterruptTests
{
    [Fact]
    public async Task Ctrl_c_during_a_long_command_exits_cleanly()
    {
        // Through `env --default-signal=INT`: a test run started in the background (nohup, `&` in a script) inherits
        // an ignored SIGINT, which the .NET runtime keeps ignoring; a user's terminal never does that.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "reasonrl.dll"));
        start.ArgumentList.Add("bench");
        using var process = Process.Start(start)!;
        var error = new System.Text.StringBuilder();
        var measuring = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (error)
            {
                error.AppendLine(e.Data);
            }

            if (e.Data?.Contains("Measuring", StringComparison.Ordinal) == true)
            {
                measuring.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();

        await measuring.Task.WaitAsync(TimeSpan.FromSeconds(60));
        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        string text;
        lock (error)
        {
            text = error.ToString();
        }

        Assert.Equal(130, process.ExitCode);
        Assert.Contains("stopped by Ctrl+C", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }
}
