using System.Runtime.InteropServices;

namespace ReasonRL.Cli.Hosting;

/// <summary>
/// Turns the first Ctrl+C (or SIGTERM) into a cancellation that every long operation observes — trainers then
/// save a checkpoint and return — and lets a second Ctrl+C end the process at once.
/// </summary>
internal sealed class ConsoleCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    /// <param name="onTerminal">The messages go to a terminal, where a progress line may stand: the message replaces it.</param>
    public ConsoleCancellation(TextWriter messages, bool onTerminal = false)
    {
        void Handle(PosixSignalContext context)
        {
            if (Interlocked.Increment(ref _signals) == 1)
            {
                context.Cancel = true;
                messages.WriteLine((onTerminal ? "\r\u001b[2K" : "") + "Stopping cleanly (saving what needs saving); press Ctrl+C again to abort at once.");
                _source.Cancel();
            }
        }

        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }
}
