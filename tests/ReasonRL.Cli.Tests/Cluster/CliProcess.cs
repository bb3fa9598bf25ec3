using System.Diagnostics;
using System.Globalization;

namespace ReasonRL.Cli.Tests.Cluster;

/// <summary>
/// A <c>reasonrl</c> command in a process of its own (workers and trainers of a cluster are separate processes), with
/// its output kept line by line so a test can wait for what it logs, and ways to stop it: SIGTERM as a user or a
/// service manager would, SIGKILL as a crash would.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(string[] Parts, TaskCompletionSource Seen)> _waits = [];

    private CliProcess(Process process) => _process = process;

    /// <summary>
    /// Starts <c>reasonrl ARGS</c> in <paramref name="workingDirectory"/>, with one thread for the model's math
    /// (OMP_NUM_THREADS=1), the same for every process of a test, since float sums depend on the thread count.
    /// </summary>
    public static CliProcess Start(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = workingDirectory,
        };
        start.Environment["OMP_NUM_THREADS"] = "1";
        start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "reasonrl.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new CliProcess(new Process { StartInfo = start });
        process._process.OutputDataReceived += (_, e) => process.Add(e.Data);
        process._process.ErrorDataReceived += (_, e) => process.Add(e.Data);
        process._process.Start();
        process._process.BeginOutputReadLine();
        process._process.BeginErrorReadLine();
        return process;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything it printed so far, standard output and error interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>Completes when a line containing every one of <paramref name="parts"/> has been printed (also if it already was).</summary>
    public Task Printed(params string[] parts)
    {
        lock (_lines)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_lines.Any(l => Matches(l, parts)))
            {
                seen.SetResult();
            }
            else
            {
                _waits.Add((parts, seen));
            }

            return seen.Task;
        }
    }

    /// <summary>Waits for the process to end, failing the test with its output if it takes longer than <paramref name="limit"/>.</summary>
    public async Task<int> ExitAsync(TimeSpan limit)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"`reasonrl {string.Join(' ', _process.StartInfo.ArgumentList.Skip(1))}` still running after {limit.TotalSeconds:F0}s:\n{Output}");
        }

        _process.WaitForExit(); // flushes the redirected output
        return _process.ExitCode;
    }

    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>SIGKILL: the process ends at once, as in a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            foreach (var wait in _waits.Where(w => Matches(line, w.Parts)).ToList())
            {
                wait.Seen.SetResult();
                _waits.Remove(wait);
            }
        }
    }

    private static bool Matches(string line, string[] parts) => parts.All(p => line.Contains(p, StringComparison.Ordinal));
}
