using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ReasonRL.Core.Records;

namespace ReasonRL.Verifiers.Code.Sandbox;

/// <summary>
/// Runs untrusted programs: a few fork servers, each in its own sandbox, started on first use with the strongest
/// isolation this machine allows (see <see cref="SandboxLayout"/>), and restarted if one dies. Thread-safe; runs
/// up to <see cref="SandboxOptions.Workers"/> × <see cref="SandboxOptions.ProgramsPerWorker"/> programs at once and
/// queues the rest. Disposing it ends every sandbox process.
/// </summary>
/// <remarks>
/// A failure before a program is delivered to its child is the sandbox's: retried on a fresh attempt, then an
/// error. A failure after is the program's (see <see cref="ChildSession"/>), judged and never retried, except that
/// a fork server dying under a program is retried too: it may have been another program's doing (or the host's),
/// so the retry runs the program alone on a fresh fork server of its own, and only a death there is charged to it.
/// A program that merely shared a dying fork server gets its own verdict, never the culprit's.
/// </remarks>
public sealed class SandboxPool : IAsyncDisposable, IDisposable
{
    private readonly SandboxOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly Task<SandboxWorker>?[] _workers;
    private readonly ConcurrentDictionary<SandboxWorker, bool> _soloWorkers = new();
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

    /// <summary>The process ids of the launchers of fork servers running one program alone (after a sandbox died under it).</summary>
    internal IReadOnlyList<int> SoloWorkerProcessIds => [.. _soloWorkers.Keys.Select(w => w.ProcessId)];

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
        var requestBytes = ChildSession.SerializeRequest(request, _options);
        await EnsureStartedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var failures = new List<string>();
            var diedUnder = false;
            for (var attempt = 0; attempt < _options.Attempts; attempt++)
            {
                var alone = diedUnder;
                SandboxWorker worker;
                try
                {
                    worker = alone
                        ? await SandboxWorker.StartAsync(_spawner!, _layout!, _options.StartTimeout, cancellationToken).ConfigureAwait(false)
                        : await LeaseWorkerAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (InvalidOperationException e)
                {
                    failures.Add(e.Message);
                    continue;
                }

                if (alone)
                {
                    _soloWorkers[worker] = true;
                }

                try
                {
                    var (report, failure) = await ChildSession.RunAsync(
                        worker, _connections!, requestBytes, request.Inputs.Count, _options, _isolation!, _logger, cancellationToken).ConfigureAwait(false);
                    if (report is { End: RunEnd.SandboxDied } && !alone)
                    {
                        _logger.LogWarning("A code sandbox died under a program; running it again alone on a fresh one");
                        diedUnder = true;
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
                finally
                {
                    if (alone)
                    {
                        _soloWorkers.TryRemove(worker, out _);
                        await worker.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }

            // Only a program that took down a sandbox it had to itself is judged for it; any other failure is ours.
            throw new SandboxUnavailableException(
                $"the sandbox failed {failures.Count + (diedUnder ? 1 : 0)} of {_options.Attempts} attempts: " +
                string.Join("; ", failures.Append(diedUnder ? "a fork server died while the program shared it" : "").Where(f => f.Length > 0).Distinct()));
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
            _options.Isolation, python, SandboxLayout.FindBubblewrap(_options.BubblewrapPath), _connections.Directory, isRoot, _options.UnprivilegedId, script,
            new ChildLimits(_options.MemoryBytes, _options.CpuSeconds));
        var failures = new List<string>();
        foreach (var layout in candidates)
        {
            try
            {
                var worker = await SandboxWorker.StartAsync(_spawner, layout, _options.StartTimeout, CancellationToken.None).ConfigureAwait(false);
                if (_options.Isolation == IsolationMode.RequireNamespaces && !worker.ChildNamespaces)
                {
                    var why = worker.ErrorTail();
                    await worker.DisposeAsync().ConfigureAwait(false);
                    throw new InvalidOperationException($"programs would share namespaces ({why})");
                }

                _layout = layout;
                var isolation = new SandboxIsolation(layout.Kind, worker.Seccomp, worker.ChildNamespaces, python, worker.PythonVersion);
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
}
