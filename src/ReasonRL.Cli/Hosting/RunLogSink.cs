using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace ReasonRL.Cli.Hosting;

/// <summary>
/// A Serilog sink that forwards events to <c>log.txt</c> in the run folder once a run has opened one. Until then
/// (and for verbs that make no run folder) it drops them.
/// </summary>
internal sealed class RunLogSink : ILogEventSink, IDisposable
{
    private const string Template = "{Timestamp:yyyy-MM-dd HH:mm:ss.fff} {Level:u3} {SourceContext:l} {Message:lj}{NewLine}{Exception}";
    private Logger? _file;

    public void Open(string path)
    {
        _file?.Dispose();
        _file = new LoggerConfiguration()
            .MinimumLevel.Verbose()
            .WriteTo.File(path, outputTemplate: Template, flushToDiskInterval: TimeSpan.FromSeconds(1), shared: false)
            .CreateLogger();
    }

    public void Emit(LogEvent logEvent) => _file?.Write(logEvent);

    public void Dispose() => _file?.Dispose();
}
