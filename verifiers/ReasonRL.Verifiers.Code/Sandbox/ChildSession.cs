using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Sandbox;

/// <summary>
/// One program's run in one child of a fork server, seen from the host:
/// <list type="number">
/// <item>the host asks the fork server for a child under a fresh ticket; the child, still running trusted code,
/// connects to the host's socket, takes its session, rlimits, capabilities and seccomp filter, and only then presents
/// the ticket (a failure up to here is the sandbox's);</item>
/// <item>the host sends the program and the inputs straight to the child, which runs the program (from here on,
/// whatever happens is the program's doing);</item>
/// <item>the child sends "ready", receives a nonce that existed nowhere in the sandbox before, and sends the
/// results tagged with it; the fork server reports how the child ended.</item>
/// </list>
/// </summary>
internal static class ChildSession
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs one program in a new child of <paramref name="worker"/>: a report, or (null, why) when the sandbox
    /// failed before the program was delivered.
    /// </summary>
    public static async Task<(RunReport? Report, string? Failure)> RunAsync(
        SandboxWorker worker,
        ChildConnections connections,
        byte[] requestBytes,
        int testCount,
        SandboxOptions options,
        SandboxIsolation isolation,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var ticket = ChildConnections.NewTicket();
        var nonce = ChildConnections.NewTicket();
        var connecting = connections.ExpectAsync(ticket);
        Task<ChildExit> exited;
        try
        {
            exited = worker.StartChild(ticket);
        }
        catch (SandboxDiedException e)
        {
            connections.Forget(ticket);
            return (null, e.Message);
        }

        _ = exited.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);

        // Phase 1: only trusted code runs in the child; any failure here is the sandbox's.
        using var connectWait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var first = await Task.WhenAny(connecting, exited, Task.Delay(options.StartTimeout, connectWait.Token)).ConfigureAwait(false);
        await connectWait.CancelAsync().ConfigureAwait(false);
        if (first != connecting || !connecting.IsCompletedSuccessfully)
        {
            connections.Forget(ticket);
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

        // Phase 2: the program may be running; from here on, whatever happens is its doing. Once its results are in
        // (or it broke the protocol, or time is up) it is killed at once: an honest child is exiting anyway, and one
        // that lingers after reporting must not keep its fork server waiting.
        var (end, results, problem) = await ReceiveResultsAsync(stream, nonce, testCount, options, cancellationToken).ConfigureAwait(false);
        worker.KillChild(ticket);

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
            logger.LogWarning("Code sandbox fork server did not report a child's exit; restarting it");
            await worker.StopAsync().ConfigureAwait(false);
            if (end != RunEnd.Reported)
            {
                return (null, "the fork server stopped answering");
            }
        }

        return (new RunReport(end, results, nonce, exit?.Status, exit?.CpuMilliseconds ?? 0, problem, isolation), null);
    }

    /// <summary>The handshake after the program is delivered: "ready", then the nonce, then the tagged results.</summary>
    private static async Task<(RunEnd End, byte[]? Results, string? Problem)> ReceiveResultsAsync(
        NetworkStream stream, string nonce, int testCount, SandboxOptions options, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.WallTimeout);
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

            var maxBytes = (int)Math.Min(int.MaxValue / 2, 4096L + (testCount * (options.MaxValueChars + 256L)));
            var frame = await Frames.ReadAsync(stream, maxBytes, deadline.Token).ConfigureAwait(false);
            return frame is null
                ? (RunEnd.EndedWithoutReport, null, null)
                : (RunEnd.Reported, frame, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (RunEnd.TimedOut, null, null);
        }
        catch (OperationCanceledException)
        {
            return (RunEnd.EndedWithoutReport, null, "cancelled");
        }
        catch (OversizedFrameException e)
        {
            return (RunEnd.OversizedFrame, null, e.Message);
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

    /// <summary>The request frame: the program, the entry point, the inputs (never the expected values) and the limits.</summary>
    public static byte[] SerializeRequest(SandboxRequest request, SandboxOptions options)
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
            writer.WriteNumber("max_value_chars", options.MaxValueChars);
            writer.WriteNumber("max_depth", options.MaxValueDepth);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
