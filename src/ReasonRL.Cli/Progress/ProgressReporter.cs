using Microsoft.Extensions.Logging;
using ReasonRL.Cli.Hosting;

namespace ReasonRL.Cli.Progress;

/// <summary>How progress is shown.</summary>
internal enum ProgressMode
{
    /// <summary>Not at all (<c>--no-progress</c>).</summary>
    Off,

    /// <summary>A line redrawn in place at the bottom of the terminal (standard error is a terminal).</summary>
    Live,

    /// <summary>A log line now and then (standard error is a file or a pipe: CI logs, <c>2&gt;log</c>, tests).</summary>
    Log,
}

internal sealed record ProgressSettings(ProgressMode Mode)
{
    /// <summary>How often the line is shown again when no report comes.</summary>
    public TimeSpan TickInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Least time between two redraws of the live line.</summary>
    public TimeSpan RedrawInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Least time between two progress log lines; work shorter than this logs none.</summary>
    public TimeSpan LogInterval { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Progress with rate and ETA for the long verbs, on standard error only, so data on standard output stays clean. A
/// verb asks for one <see cref="ProgressTask"/> per piece of work and advances it:
/// <code>
/// using var progress = reporter.Start("Verifying", total: lines, unit: "records");
/// foreach (...) { ...; progress.Advance(); }
/// </code>
/// or hands it, as an <see cref="IProgress{T}"/> of <see cref="Core.WorkProgress"/>, to library code that reports
/// (done, total) itself. On a terminal it is a line redrawn in place (log lines appear above it); elsewhere a log line
/// every <see cref="ProgressSettings.LogInterval"/>; with <c>--no-progress</c> nothing. A verb that streams records to
/// standard output while it works says so (<c>streamsToOut</c>): when that output is the terminal too, the records
/// themselves show the progress, and a line redrawn between them would only garble them.
/// </summary>
/// <remarks>Written here rather than with Spectre.Console's progress display: that display owns the console for the
/// duration of a callback, and the Serilog lines the verbs write meanwhile would tear it; a single line that log events
/// erase and redraw (<see cref="StatusLine"/>) is all the verbs need.</remarks>
internal sealed class ProgressReporter(
    StatusLine status, ProgressSettings settings, CliConsole console, TimeProvider time, ILogger<ProgressReporter> logger)
{
    /// <param name="activity">What is being done, as a word or two: "Verifying", "Sampling".</param>
    /// <param name="total">How many units the work has; 0 if not known (then rate and elapsed time are shown, no ETA).</param>
    /// <param name="unit">What is counted, plural: "records", "completions", "problems".</param>
    /// <param name="streamsToOut">The verb writes its records to standard output while the work goes on.</param>
    public ProgressTask Start(string activity, long total = 0, string unit = "items", bool streamsToOut = false)
    {
        var sharesTheTerminal = streamsToOut && console.OutIsTerminal && settings.Mode == ProgressMode.Live;
        return new(activity, total, unit, sharesTheTerminal ? settings with { Mode = ProgressMode.Off } : settings, status, time, logger);
    }
}
