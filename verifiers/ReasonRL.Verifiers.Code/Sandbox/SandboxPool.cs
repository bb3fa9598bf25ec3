using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ReasonRL.Core.Records;
using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Sandbox;

/// <summary>
/// Runs untrusted programs: a few fork servers, each in its own sandbox, started on first use with the strongest
/// isolation this machine allows (see <see cref="SandboxLayout"/>), and restarted if one dies. Thread-safe; runs
/// up to <see cref="SandboxOptions.Workers"/> × <see cref="SandboxOptions.ProgramsPerWorker"/> programs at once and
/// queues the rest. Disposing it ends every sandbox process.
/// </summary>
/// <remarks>
/// One run: the host asks a fork server for a child under a fresh ticket; the child (still trusted code) connects
/// to the host's socket with that ticket; the host sends the program and the inputs straight to it; the child
/// sets its rlimits and seccomp filter and runs the program; it sends "ready", gets a nonce that existed nowhere
/// in the sandbox before, and sends the results tagged with it. Until the request is delivered, a failure is the
/// sandbox's (retried, then an error); after, it is the program's (judged, never retried, never an error).
/// </remarks>
public sealed class SandboxPool : IAsyncDisposable, IDisposable
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);
    private readonly SandboxOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly Task<SandboxWorker>?[] _workers;
    private readonly Lock _gate = new();
    private Task? _startup;
    private ChildConnections? _connections;
    private ProcessSpawner? _spawner;
    private SandboxLayout? _layout;
    private SandboxIsolation? _isolation;
    private bool _disposed;

    public SandboxPool(SandboxOptions? options = null, ILogger? logger = null)
    {
        _options = options ?? new SandboxOptions();
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
        _slots = new SemaphoreSlim(_options.Workers * _options.ProgramsPerWorker);
        _workers = new Task<SandboxWorker>?[_options.Workers];
    }

    public SandboxOptions Options => _options;

    /// <summary>The isolation in use, once the first program has started it; null before.</summary>
    public SandboxIsolation? Isolation => Volatile.Read(ref _isolation);

    /// <summary>The host directory of the children's socket (in the temp directory; removed on dispose).</summary>
    internal string? SocketDirectory => _connections?.Directory;

    /// <summary>The process ids of the live fork-server launchers (bubblewrap or setpriv), for tests that look for leftovers.</summary>
    internal IReadOnlyList<int> WorkerProcessIds
    {
        get
        {
            lock (_gate)
            {
                return [.. _workers.Where(w => w is { IsCompletedSuccessfully: true }).Select(w => w!.Result.ProcessId)];
            }
        }
    }

    /// <summary>Starts the sandboxes now rather than on the first program, and returns their isolation.</summary>
    /// <exception cref="SandboxUnavailableException">No sandbox layout starts on this machine.</exception>
    public async Task<SandboxIsolation> StartAsync(CancellationToken cancellationToken)
    {
        await EnsureStartedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        return _isolation!;
    }

    /// <summary>Runs one program on its inputs.</summary>
    /// <exception cref="SandboxUnavailableException">The sandbox failed on every attempt (not the program's doing).</exception>
    public async Task<RunReport> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var requestBytes = SerializeRequest(request);
        await EnsureStartedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var failures = new List<string>();
            RunReport? death = null;
            for (var attempt = 0; attempt < _options.Attempts; attempt++)
            {
                SandboxWorker worker;
                try
                {
                    worker = await LeaseWorkerAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidOperationException e)
                {
                    failures.Add(e.Message);
                    continue;
                }

                var (report, failure) = await RunOnceAsync(worker, requestBytes, request.Inputs.Count, cancellationToken).ConfigureAwait(false);
                if (report is { End: RunEnd.SandboxDied })
                {
                    death = report;
                }
                else if (report is not null)
                {
                    return report;
                }
                else
                {
                    failures.Add(failure!);
                }
            }

            // A program that took its sandbox down on every attempt is judged for it; any other failure is ours.
            return failures.Count == 0 && death is not null
                ? death
                : throw new SandboxUnavailableException($"the sandbox failed {failures.Count} of {_options.Attempts} attempts: {string.Join("; ", failures.Distinct())}");
        }
        finally
        {
            _slots.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task<SandboxWorker>?[] workers;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            workers = [.. _workers];
        }

        foreach (var started in workers.OfType<Task<SandboxWorker>>())
        {
            try
            {
                await (await started.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // It never started.
            }
        }

        if (_connections is not null)
        {
            await _connections.DisposeAsync().ConfigureAwait(false);
        }

        _spawner?.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private Task EnsureStartedAsync()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _startup ??= StartFirstWorkerAsync();
        }
    }

    /// <summary>Tries the layouts strongest first; the first whose fork server says hello is used from then on.</summary>
    private async Task StartFirstWorkerAsync()
    {
        string python;
        var isRoot = Environment.IsPrivilegedProcess;
        try
        {
            python = PythonLocator.Find(_options.PythonPath);
            _connections = ChildConnections.Create(openToOtherUsers: isRoot);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or SocketException or PlatformNotSupportedException)
        {
            throw new SandboxUnavailableException(e.Message, e);
        }

        _spawner = new ProcessSpawner();
        var script = ForkServerScript();
        var candidates = SandboxLayout.Candidates(
            _options.Isolation, python, SandboxLayout.FindBubblewrap(_options.BubblewrapPath), _connections.Directory, isRoot, _options.UnprivilegedId, script);
        var failures = new List<string>();
        foreach (var layout in candidates)
        {
            try
            {
                var worker = await SandboxWorker.StartAsync(_spawner, layout, _options.StartTimeout, CancellationToken.None).ConfigureAwait(false);
                _layout = layout;
                var isolation = new SandboxIsolation(layout.Kind, worker.Seccomp, python, worker.PythonVersion);
                Volatile.Write(ref _isolation, isolation);
                lock (_gate)
                {
                    _workers[0] = Task.FromResult(worker);
                }

                if (isolation.IsWeak)
                {
                    _logger.LogWarning(
                        "Code sandbox runs with WEAK isolation ({Isolation}); stronger layouts failed: {Failures}. Every code verdict carries the flag '{Flag}'",
                        isolation, failures.Count == 0 ? "none tried" : string.Join("; ", failures), VerdictFlags.WeakIsolation);
                }
                else
                {
                    _logger.LogDebug("Code sandbox: {Isolation}", isolation);
                }

                return;
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                failures.Add($"{layout.Kind}: {e.Message}");
            }
        }

        throw new SandboxUnavailableException(
            candidates.Count == 0 ? $"no sandbox layout allowed by isolation mode {_options.Isolation} (is bubblewrap installed?)" : string.Join("; ", failures));
    }

    private static string ForkServerScript()
    {
        using var stream = typeof(SandboxPool).Assembly.GetManifestResourceStream("ReasonRL.Verifiers.Code.forkserver.py")
            ?? throw new InvalidOperationException("the fork server script is missing from the assembly");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The least busy live fork server; dead ones are replaced first.</summary>
    private Task<SandboxWorker> LeaseWorkerAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var best = -1;
            var bestLoad = int.MaxValue;
            for (var i = 0; i < _workers.Length; i++)
            {
                var started = _workers[i];
                if (started is null || started.IsFaulted || (started.IsCompletedSuccessfully && !started.Result.IsAlive))
                {
                    if (started is { IsCompletedSuccessfully: true })
                    {
                        _ = started.Result.DisposeAsync().AsTask();
                    }

                    started = _workers[i] = SandboxWorker.StartAsync(_spawner!, _layout!, _options.StartTimeout, CancellationToken.None);
                }

                var load = started.IsCompletedSuccessfully ? started.Result.InFlight : _options.ProgramsPerWorker;
                if (load < bestLoad)
                {
                    (best, bestLoad) = (i, load);
                }
            }

            return _workers[best]!.WaitAsync(cancellationToken);
        }
    }

    private async Task<(RunReport? Report, string? Failure)> RunOnceAsync(
        SandboxWorker worker, byte[] requestBytes, int testCount, CancellationToken cancellationToken)
    {
        var isolation = _isolation!;
        var ticket = ChildConnections.NewTicket();
        var nonce = ChildConnections.NewTicket();
        var connecting = _connections!.ExpectAsync(ticket);
        Task<ChildExit> exited;
        try
        {
            exited = worker.StartChild(ticket);
        }
        catch (SandboxDiedException e)
        {
            _connections.Forget(ticket);
            return (null, e.Message);
        }

        _ = exited.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);

        // Phase 1: only trusted code runs in the child; any failure here is the sandbox's.
        using var connectWait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var first = await Task.WhenAny(connecting, exited, Task.Delay(_options.StartTimeout, connectWait.Token)).ConfigureAwait(false);
        await connectWait.CancelAsync().ConfigureAwait(false);
        if (first != connecting || !connecting.IsCompletedSuccessfully)
        {
            _connections.Forget(ticket);
            worker.KillChild(ticket);
            cancellationToken.ThrowIfCancellationRequested();
            return (null, exited.IsCompletedSuccessfully
                ? $"a child ended (status {exited.Result.Status}) before it connected"
                : exited.IsFaulted ? exited.Exception!.InnerException!.Message : "a child did not connect in time");
        }

        using var socket = connecting.Result;
        var stream = new NetworkStream(socket, ownsSocket: false);
        await using var streamScope = stream.ConfigureAwait(false);
        try
        {
            await Frames.WriteAsync(stream, requestBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            worker.KillChild(ticket);
            return (null, $"could not send the program: {e.Message}");
        }

        // Phase 2: the program may be running; from here on, whatever happens is its doing.
        var (end, results, problem) = await ReceiveResultsAsync(stream, nonce, testCount, cancellationToken).ConfigureAwait(false);
        if (end != RunEnd.Reported || cancellationToken.IsCancellationRequested)
        {
            worker.KillChild(ticket);
        }

        cancellationToken.ThrowIfCancellationRequested();
        ChildExit? exit = null;
        try
        {
            exit = await exited.WaitAsync(ExitGrace, CancellationToken.None).ConfigureAwait(false);
        }
        catch (SandboxDiedException)
        {
            if (end != RunEnd.Reported)
            {
                return (new RunReport(RunEnd.SandboxDied, null, nonce, null, 0, "the fork server died", isolation), null);
            }
        }
        catch (TimeoutException)
        {
            // The fork server did not report the child's end: it is stuck; replace it.
            _logger.LogWarning("Code sandbox fork server did not report a child's exit; restarting it");
            await worker.StopAsync().ConfigureAwait(false);
            if (end != RunEnd.Reported)
            {
                return (null, "the fork server stopped answering");
            }
        }

        return (new RunReport(end, results, nonce, exit?.Status, exit?.CpuMilliseconds ?? 0, problem, isolation), null);
    }

    private async Task<(RunEnd End, string? Results, string? Problem)> ReceiveResultsAsync(
        NetworkStream stream, string nonce, int testCount, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.WallTimeout);
        try
        {
            var ready = await Frames.ReadAsync(stream, 16, deadline.Token).ConfigureAwait(false);
            if (ready is null)
            {
                return (RunEnd.EndedWithoutReport, null, null);
            }

            if (!ready.AsSpan().SequenceEqual("ready"u8))
            {
                return (RunEnd.ProtocolViolation, null, "the first frame was not 'ready'");
            }

            try
            {
                await Frames.WriteAsync(stream, Encoding.ASCII.GetBytes(nonce), deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                // The child is gone; what it sent before leaving is still read and judged below.
            }

            var maxBytes = (int)Math.Min(int.MaxValue / 2, 4096L + (testCount * (_options.MaxValueChars + 256L)));
            var frame = await Frames.ReadAsync(stream, maxBytes, deadline.Token).ConfigureAwait(false);
            return frame is null
                ? (RunEnd.EndedWithoutReport, null, null)
                : (RunEnd.Reported, Encoding.UTF8.GetString(frame), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (RunEnd.TimedOut, null, null);
        }
        catch (OperationCanceledException)
        {
            return (RunEnd.EndedWithoutReport, null, "cancelled");
        }
        catch (InvalidDataException e)
        {
            return (RunEnd.ProtocolViolation, null, e.Message);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return (RunEnd.EndedWithoutReport, null, null);
        }
    }

    private byte[] SerializeRequest(SandboxRequest request)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("program", request.Program);
            writer.WriteString("entry_point", request.EntryPoint);
            writer.WriteStartArray("inputs");
            foreach (var args in request.Inputs)
            {
                PlainJson.Write(writer, new PlainList(args));
            }

            writer.WriteEndArray();
            writer.WriteStartObject("limits");
            writer.WriteNumber("memory_bytes", _options.MemoryBytes);
            writer.WriteNumber("cpu_seconds", _options.CpuSeconds);
            writer.WriteNumber("max_value_chars", _options.MaxValueChars);
            writer.WriteNumber("max_depth", _options.MaxValueDepth);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
