using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace ReasonRL.Verifiers.Code.Sandbox;

/// <summary>How a child process ended: its exit code (≥ 0) or the signal that killed it (as −signal), and its CPU time.</summary>
internal readonly record struct ChildExit(int Status, int CpuMilliseconds)
{
    public const int SignalKill = 9;
    public const int SignalSys = 31;

    public bool KilledBy(int signal) => Status == -signal;
}

/// <summary>The fork server died (or could not be reached) while a child of it was running.</summary>
internal sealed class SandboxDiedException(string message) : Exception(message);

/// <summary>
/// One fork server inside its sandbox, and its control channel: "run TICKET" / "kill TICKET" lines in, "exit
/// TICKET STATUS CPU_MS" lines out (see forkserver.py). Thread-safe; many children may run at once.
/// </summary>
/// <remarks>
/// The fork server's output is read by two dedicated threads with blocking reads: .NET's process pipes are not
/// truly asynchronous on Linux, so an awaited read parks a thread-pool thread, and a few of those starve a
/// 2-core pool into spinning (measured: ~3 ms of host CPU per program instead of well under 1).
/// Commands are short lines written synchronously under a lock.
/// </remarks>
internal sealed class SandboxWorker : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _writeLock = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ChildExit>> _exits = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _died = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _errorTail = new();
    private Thread? _reader;
    private Thread? _errorReader;
    private int _inFlight;

    private SandboxWorker(Process process, SandboxLayout layout)
    {
        _process = process;
        Layout = layout;
    }

    public SandboxLayout Layout { get; }

    /// <summary>Whether the fork server's seccomp self-test passed (children then run under the filter).</summary>
    public bool Seccomp { get; private set; }

    /// <summary>Whether each child gets a user and PID namespace of its own.</summary>
    public bool ChildNamespaces { get; private set; }

    public string PythonVersion { get; private set; } = "";

    public bool IsAlive => !_died.Task.IsCompleted;

    public int InFlight => Volatile.Read(ref _inFlight);

    public int ProcessId => _process.Id;

    /// <summary>Starts a fork server and waits for its hello line.</summary>
    /// <exception cref="InvalidOperationException">It did not start; the message carries its error output.</exception>
    public static async Task<SandboxWorker> StartAsync(ProcessSpawner spawner, SandboxLayout layout, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(layout.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
            StandardInputEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in layout.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/bin:/bin";
        var process = await spawner.StartAsync(info).ConfigureAwait(false);
        var worker = new SandboxWorker(process, layout);
        worker._errorReader = StartThread(worker.ReadErrors, "reasonrl-sandbox-stderr");
        var helloLine = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        worker._reader = StartThread(() => worker.ReadExits(helloLine), "reasonrl-sandbox-control");
        try
        {
            var hello = await helloLine.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            var fields = hello?.Split(' ') ?? [];
            if (fields.Length < 4 || fields[0] != "hello")
            {
                await worker.StopAsync().ConfigureAwait(false);
                throw new InvalidOperationException($"{layout.Kind} sandbox did not start: {worker.ErrorTail()}");
            }

            var settings = fields.Skip(1).Select(f => f.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            worker.Seccomp = settings.GetValueOrDefault("seccomp") == "ok";
            worker.ChildNamespaces = settings.GetValueOrDefault("children") == "namespaces";
            worker.PythonVersion = settings.GetValueOrDefault("python") ?? "?";
        }
        catch (TimeoutException)
        {
            await worker.StopAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{layout.Kind} sandbox did not say hello within {timeout.TotalSeconds:F0} s: {worker.ErrorTail()}");
        }
        catch (OperationCanceledException)
        {
            await worker.StopAsync().ConfigureAwait(false);
            throw;
        }

        return worker;
    }

    /// <summary>Asks the fork server for a child with this ticket; the task ends when that child has ended.</summary>
    /// <exception cref="SandboxDiedException">The fork server is gone.</exception>
    public Task<ChildExit> StartChild(string ticket)
    {
        var exit = new TaskCompletionSource<ChildExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        _exits[ticket] = exit;
        Interlocked.Increment(ref _inFlight);
        if (!TrySend($"run {ticket}\n"))
        {
            _exits.TryRemove(ticket, out _);
            Interlocked.Decrement(ref _inFlight);
            throw new SandboxDiedException($"{Layout.Kind} sandbox is gone: {ErrorTail()}");
        }

        return exit.Task;
    }

    /// <summary>SIGKILLs the child with this ticket, if it still runs.</summary>
    public void KillChild(string ticket) => TrySend($"kill {ticket}\n");

    /// <summary>Ends the fork server: closing its input makes it kill its children and exit; a hard kill follows if not.</summary>
    public async Task StopAsync()
    {
        lock (_writeLock)
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Already gone.
            }
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        _reader?.Join();
        _errorReader?.Join();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    public string ErrorTail()
    {
        lock (_errorTail)
        {
            return _errorTail.Length == 0 ? "(no error output)" : _errorTail.ToString().Trim().ReplaceLineEndings(" | ");
        }
    }

    private static Thread StartThread(Action loop, string name)
    {
        var thread = new Thread(() => loop()) { IsBackground = true, Name = name };
        thread.Start();
        return thread;
    }

    private bool TrySend(string line)
    {
        lock (_writeLock)
        {
            if (!IsAlive)
            {
                return false;
            }

            try
            {
                _process.StandardInput.Write(line);
                _process.StandardInput.Flush();
                return true;
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <summary>The control thread: the hello line, then one line per ended child until the server is gone.</summary>
    private void ReadExits(TaskCompletionSource<string?> hello)
    {
        try
        {
            hello.TrySetResult(_process.StandardOutput.ReadLine());
            while (_process.StandardOutput.ReadLine() is { } line)
            {
                var fields = line.Split(' ');
                if (fields.Length == 4 && fields[0] == "exit" && _exits.TryRemove(fields[1], out var exit)
                    && int.TryParse(fields[2], out var status) && int.TryParse(fields[3], out var cpu))
                {
                    Interlocked.Decrement(ref _inFlight);
                    exit.TrySetResult(new ChildExit(status, cpu));
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe broke: the fork server is gone, handled below.
        }

        hello.TrySetResult(null);
        _died.TrySetResult();
        foreach (var ticket in _exits.Keys)
        {
            if (_exits.TryRemove(ticket, out var exit))
            {
                exit.TrySetException(new SandboxDiedException($"{Layout.Kind} sandbox died: {ErrorTail()}"));
            }
        }
    }

    private void ReadErrors()
    {
        var buffer = new char[1024];
        try
        {
            int read;
            while ((read = _process.StandardError.Read(buffer)) > 0)
            {
                lock (_errorTail)
                {
                    _errorTail.Append(buffer, 0, read);
                    if (_errorTail.Length > 2000)
                    {
                        _errorTail.Remove(0, _errorTail.Length - 2000);
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The fork server is gone.
        }
    }
}
