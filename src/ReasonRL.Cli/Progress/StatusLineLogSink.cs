using Serilog.Core;
using Serilog.Events;

namespace ReasonRL.Cli.Progress;

/// <summary>Writes each log event of the wrapped console sink above the <see cref="StatusLine"/>.</summary>
internal sealed class StatusLineLogSink(ILogEventSink console, StatusLine status) : ILogEventSink, IDisposable
{
    public void Emit(LogEvent logEvent) => status.WriteAbove(() => console.Emit(logEvent));

    public void Dispose() => (console as IDisposable)?.Dispose();
}
