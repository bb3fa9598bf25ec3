using Microsoft.Extensions.Logging;

namespace ReasonRL.Cluster;

/// <summary>
/// Sends an inner host's logs (the silo's, the cluster client's) to the command's own loggers, keeping Orleans's and
/// the host's chatter to warnings and above, so a worker's log reads as units and membership changes.
/// </summary>
internal static class ForwardedLogging
{
    public static void To(this ILoggingBuilder logging, ILoggerFactory loggers)
    {
        logging.ClearProviders();
        logging.AddProvider(new Provider(loggers));
        logging.AddFilter("Orleans", LogLevel.Warning).AddFilter("Microsoft", LogLevel.Warning);
    }

    private sealed class Provider(ILoggerFactory loggers) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => loggers.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
