using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace ReasonRL.Verifiers.Code.Sandbox;

/// <summary>
/// The host's end of every child's own channel: a Unix socket in a fresh temporary directory (bound read-only
/// into the sandboxes). A child connects before the untrusted program exists, sends its ticket, and the
/// connection is handed to the run that asked for that ticket; anything else is dropped.
/// </summary>
internal sealed class ChildConnections : IAsyncDisposable
{
    private const int TicketBytes = 16;
    private readonly Socket _listener;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Socket>> _expected = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    private ChildConnections(string directory, Socket listener)
    {
        Directory = directory;
        _listener = listener;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The directory holding the socket (removed on dispose).</summary>
    public string Directory { get; }

    /// <summary>
    /// Creates the socket. <paramref name="openToOtherUsers"/>: the sandbox runs as another uid (ReasonRL is root
    /// and drops to nobody), so the directory is traversable and the socket connectable by others; the tickets
    /// keep strangers out.
    /// </summary>
    public static ChildConnections Create(bool openToOtherUsers)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the code sandbox needs Linux (namespaces, seccomp)");
        }

        var directory = Path.Combine(Path.GetTempPath(), $"reasonrl-sandbox-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}");
        System.IO.Directory.CreateDirectory(directory, openToOtherUsers
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var path = Path.Combine(directory, SandboxLayout.SocketName);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            if (openToOtherUsers)
            {
                File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);
            }

            listener.Listen(1024);
        }
        catch
        {
            listener.Dispose();
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }

        return new ChildConnections(directory, listener);
    }

    /// <summary>A fresh unguessable ticket (or nonce): 32 hex characters.</summary>
    public static string NewTicket() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TicketBytes));

    /// <summary>The connection that will present <paramref name="ticket"/>.</summary>
    public Task<Socket> ExpectAsync(string ticket)
    {
        var connection = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _expected[ticket] = connection;
        return connection.Task;
    }

    /// <summary>Stops waiting for <paramref name="ticket"/>; a connection arriving later is dropped.</summary>
    public void Forget(string ticket)
    {
        if (_expected.TryRemove(ticket, out var connection))
        {
            connection.TrySetCanceled();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        foreach (var ticket in _expected.Keys)
        {
            Forget(ticket);
        }

        _stop.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = HandOverAsync(connection);
        }
    }

    private async Task HandOverAsync(Socket connection)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var stream = new NetworkStream(connection, ownsSocket: false);
            await using (stream.ConfigureAwait(false))
            {
                var ticket = await Frames.ReadAsync(stream, TicketBytes * 2, timeout.Token).ConfigureAwait(false);
                if (ticket is not null && _expected.TryRemove(Encoding.ASCII.GetString(ticket), out var waiting)
                    && waiting.TrySetResult(connection))
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OversizedFrameException or SocketException or OperationCanceledException)
        {
            // Not one of our children, or one that died while connecting: drop it.
        }

        connection.Dispose();
    }
}
