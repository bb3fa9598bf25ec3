using System.Threading.Channels;
using ReasonRL.Core.Records;
using ReasonRL.Core.Verification;

namespace ReasonRL.Verifiers.External;

/// <summary>
/// Any program, in any language, as a verifier: up to <see cref="ExternalVerifierOptions.Concurrency"/> long-lived
/// child processes speaking <see cref="ExternalProtocol"/> over their standard input and output. Requests beyond
/// the concurrency wait for a free process. A crash, a timeout or a malformed reply is an <see cref="Outcome.Error"/>
/// verdict with a detail, never a reward, and the process is restarted for the next request.
/// </summary>
public sealed class ExternalVerifier : IVerifier, IDisposable
{
    private readonly VerifierProcess[] _processes;
    private readonly Channel<VerifierProcess> _idle;
    private bool _disposed;

    /// <summary>One call per child process.</summary>
    public int Concurrency => Math.Max(Options.Concurrency, Environment.ProcessorCount);

    public ExternalVerifier(ExternalVerifierOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Concurrency, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Timeout, TimeSpan.Zero);
        Options = options;
        _processes = [.. Enumerable.Range(0, options.Concurrency).Select(_ => new VerifierProcess(options))];
        _idle = Channel.CreateUnbounded<VerifierProcess>();
        foreach (var process in _processes)
        {
            _idle.Writer.TryWrite(process);
        }
    }

    public ExternalVerifierOptions Options { get; }

    public string Name => Options.Name;

    /// <summary>How many processes were started so far, restarts included.</summary>
    public int Starts => _processes.Sum(p => p.Starts);

    public async ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var process = await _idle.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await process.ExchangeAsync(problem, completion, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _idle.Writer.TryWrite(process);
        }
    }

    /// <summary>Stops every process (see <see cref="VerifierProcess.Dispose"/>). Call it when no request is in flight.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var process in _processes)
        {
            process.Dispose();
        }
    }
}
