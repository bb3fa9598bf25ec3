using System.Collections.Concurrent;
using System.Diagnostics;

namespace ReasonRL.Verifiers.Code.Sandbox;

/// <summary>
/// Starts processes from one long-lived thread. Linux delivers a parent-death signal (bubblewrap's
/// <c>--die-with-parent</c>, <c>setpriv --pdeathsig</c>) when the *thread* that forked a child exits, and .NET
/// forks on the calling thread: a sandbox started from a thread-pool thread would be killed whenever the pool
/// retires that thread. Disposing this spawner ends its thread, which kills every sandbox it started.
/// </summary>
internal sealed class ProcessSpawner : IDisposable
{
    private readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> _queue = [];
    private readonly Thread _thread;

    public ProcessSpawner()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "reasonrl-sandbox-spawner" };
        _thread.Start();
    }

    public Task<Process> StartAsync(ProcessStartInfo info)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        _queue.Add((info, started));
        return started.Task;
    }

    public void Dispose()
    {
        _queue.CompleteAdding();
        _thread.Join();
        _queue.Dispose();
    }

    private void Loop()
    {
        foreach (var (info, started) in _queue.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}"));
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                started.SetException(e);
            }
        }
    }
}
