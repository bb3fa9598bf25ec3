using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ReasonRL.Cluster;

/// <summary>
/// The Orleans hosts this project starts inside a <c>reasonrl</c> command (a worker's silo, a trainer's cluster client):
/// built without a console lifetime, because Ctrl+C and SIGTERM belong to the command, and stopped within a bound, so a
/// membership server that has gone away cannot hold a process that was asked to stop.
/// </summary>
internal static class InnerHost
{
    /// <summary>How long a graceful stop may take: leaving the cluster is a few writes to the membership table.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Leaves signal handling to the command (the generic host would otherwise register its own for SIGINT and SIGTERM).</summary>
    public static void WithoutConsoleLifetime(this IServiceCollection services) => services.AddSingleton<IHostLifetime, CommandLifetime>();

    /// <summary>
    /// Stops <paramref name="host"/> and disposes it if it stops within <see cref="StopTimeout"/>; otherwise gives up
    /// on it (the membership did not answer: the rest of the cluster declares this process dead by itself) and
    /// returns false. Orleans retries an unreachable membership for minutes, and disposing a host that has not
    /// stopped waits for the same, so an abandoned host is left to the end of the process.
    /// </summary>
    public static async Task<bool> StopWithinAsync(this IHost host, ILogger logger, string what)
    {
        using var timeout = new CancellationTokenSource(StopTimeout);
        var stop = host.StopAsync(timeout.Token);
        var finished = await Task.WhenAny(stop, Task.Delay(StopTimeout + TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false);
        if (finished == stop && stop.IsCompletedSuccessfully && !timeout.IsCancellationRequested)
        {
            host.Dispose();
            return true;
        }

        _ = stop.ContinueWith(t => t.Exception, TaskScheduler.Default); // a late failure of the abandoned stop is expected
        logger.LogWarning(
            "{What} could not leave the cluster cleanly within {Seconds}s (is the membership server reachable?); stopping without it",
            what, StopTimeout.TotalSeconds);
        return false;
    }

    private sealed class CommandLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
