using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using ReasonRL.Core.Records;
using ReasonRL.Core.Verification;

namespace ReasonRL.Verifiers.External;

/// <summary>
/// One running copy of an external verifier program, answering one request at a time. It starts on first use and
/// again after a crash, a timeout or a malformed reply (after which its state is unknown, so it is killed). Every
/// failure becomes an <see cref="Outcome.Error"/> verdict whose detail says what happened.
/// </summary>
internal sealed class VerifierProcess(ExternalVerifierOptions options) : IDisposable
{
    private const int StderrLinesKept = 5;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Queue<string> _stderr = new();
    private Process? _process;
    private long _nextId;

    /// <summary>How many times a process was started (the first start included).</summary>
    public int Starts { get; private set; }

    public async Task<Verdict> ExchangeAsync(Problem problem, string completion, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        if (_process is { HasExited: true })
        {
            Stop(); // it ended between requests: start afresh rather than lose this request
        }

        if (_process is null && Start() is { } startFailure)
        {
            return startFailure;
        }

        var process = _process!;
        var id = ++_nextId;
        string? line;
        try
        {
            await process.StandardInput.WriteLineAsync(ExternalProtocol.Request(id, problem, completion).AsMemory(), deadline.Token).ConfigureAwait(false);
            await process.StandardInput.FlushAsync(deadline.Token).ConfigureAwait(false);
            line = await process.StandardOutput.ReadLineAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Stop();
            return Failure($"no reply within {options.Timeout.TotalSeconds:0.###} s; the process was killed and will be restarted", VerdictFlags.Timeout);
        }
        catch (OperationCanceledException)
        {
            Stop();
            throw;
        }
        catch (IOException e)
        {
            return Crashed(e.Message);
        }

        if (line is null)
        {
            return Crashed("it closed its output");
        }

        if (!ExternalProtocol.TryParseReply(line, id, out var verdict, out var malformed))
        {
            Stop();
            return Failure($"malformed reply ({malformed}): {DetailText.Quote(line)}; the process was restarted");
        }

        return verdict;
    }

    private Verdict? Start()
    {
        var start = new ProcessStartInfo(options.Command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            WorkingDirectory = options.WorkingDirectory ?? "",
        };
        foreach (var argument in options.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONIOENCODING"] = "utf-8";
        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) => KeepStderr(e.Data);
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
        {
            process.Dispose();
            return Failure($"could not start '{options.Command}': {e.Message}");
        }

        process.BeginErrorReadLine();
        _process = process;
        Starts++;
        return null;
    }

    private Verdict Crashed(string what)
    {
        var process = _process!;
        var exited = process.WaitForExit(TimeSpan.FromSeconds(1));
        if (exited)
        {
            // The timed wait does not wait for the stderr reader; this one does (bounded, in case a child holds the pipe).
            using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                process.WaitForExitAsync(drained.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
            }
        }

        var exit = exited ? $"exited with code {process.ExitCode}" : "stopped answering";
        Stop();
        string stderr;
        lock (_stderr)
        {
            stderr = _stderr.Count == 0 ? "" : $"; stderr: {DetailText.Quote(string.Join(" | ", _stderr))}";
            _stderr.Clear();
        }

        return Failure($"the process {exit} ({what}){stderr}; it will be restarted");
    }

    private Verdict Failure(string what, string? flag = null) =>
        new(0.0, Outcome.Error, flag is null ? [] : [flag], null, $"external verifier '{options.Name}': {what}");

    private void KeepStderr(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        lock (_stderr)
        {
            _stderr.Enqueue(line);
            while (_stderr.Count > StderrLinesKept)
            {
                _stderr.Dequeue();
            }
        }
    }

    /// <summary>Kills the process (if any); the next exchange starts a fresh one.</summary>
    private void Stop()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        finally
        {
            process.Dispose();
        }
    }

    /// <summary>Closes the program's input (a well-behaved program then exits), waits briefly, and kills it if needed.</summary>
    public void Dispose()
    {
        if (_process is not { } process)
        {
            return;
        }

        try
        {
            process.StandardInput.Close();
            process.WaitForExit(TimeSpan.FromSeconds(1));
        }
        catch (IOException)
        {
            // Its input was already broken; Stop kills it.
        }

        Stop();
    }
}
