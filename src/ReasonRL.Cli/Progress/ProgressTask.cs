using Microsoft.Extensions.Logging;
using ReasonRL.Core;

namespace ReasonRL.Cli.Progress;

/// <summary>
/// One piece of work in progress (see <see cref="ProgressReporter"/>). Thread-safe: parallel workers may call
/// <see cref="Advance"/> at once. It is shown at once and then once a second even when no report comes (the elapsed
/// time and the ETA move on while a long batch runs), and on reports at most every
/// <see cref="ProgressSettings.RedrawInterval"/>. Disposing it erases its line.
/// </summary>
internal sealed class ProgressTask : IProgress<WorkProgress>, IDisposable
{
    private readonly string _activity;
    private readonly string _unit;
    private readonly ProgressSettings _settings;
    private readonly StatusLine _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _start;
    private readonly Lock _drawing = new();
    private readonly ITimer? _ticker;
    private long _done;
    private long _total;
    private TimeSpan? _lastDrawn;
    private TimeSpan _lastLogged;
    private bool _disposed;

    internal ProgressTask(string activity, long total, string unit, ProgressSettings settings, StatusLine status, TimeProvider time, ILogger logger)
    {
        _activity = activity;
        _total = total;
        _unit = unit;
        _settings = settings;
        _status = status;
        _time = time;
        _logger = logger;
        _start = time.GetTimestamp();
        if (settings.Mode != ProgressMode.Off)
        {
            Show();
            _ticker = time.CreateTimer(_ => Show(), null, settings.TickInterval, settings.TickInterval);
        }
    }

    public long Done => Interlocked.Read(ref _done);

    /// <summary>How many units the work has (0: not known); may be set once it is known.</summary>
    public long Total
    {
        get => Interlocked.Read(ref _total);
        set => Interlocked.Exchange(ref _total, value);
    }

    /// <summary>Where the work stands now.</summary>
    public WorkProgressSnapshot Snapshot => new(Done, Total, _unit, _time.GetElapsedTime(_start));

    public void Advance(long units = 1)
    {
        Interlocked.Add(ref _done, units);
        Show();
    }

    /// <summary>Sets how many units are done.</summary>
    public void Report(long done)
    {
        Interlocked.Exchange(ref _done, done);
        Show();
    }

    /// <summary>Sets how many units are done and, if it is above 0, the total.</summary>
    public void Report(WorkProgress value)
    {
        if (value.Total > 0)
        {
            Total = value.Total;
        }

        Report(value.Done);
    }

    public void Dispose()
    {
        _ticker?.Dispose();
        lock (_drawing)
        {
            _disposed = true;
        }

        if (_settings.Mode == ProgressMode.Live)
        {
            _status.Clear();
        }
    }

    private void Show()
    {
        if (_settings.Mode == ProgressMode.Off || !_drawing.TryEnter())
        {
            return; // another thread is drawing the same line this instant
        }

        try
        {
            var snapshot = Snapshot;
            if (_disposed)
            {
                return;
            }

            if (_settings.Mode == ProgressMode.Live && (_lastDrawn is not { } drawn || snapshot.Elapsed - drawn >= _settings.RedrawInterval))
            {
                _lastDrawn = snapshot.Elapsed;
                _status.Show(ProgressLine.Format(_activity, snapshot, _status.Width));
            }
            else if (_settings.Mode == ProgressMode.Log && snapshot.Elapsed - _lastLogged >= _settings.LogInterval)
            {
                _lastLogged = snapshot.Elapsed;
                _logger.LogInformation("{Progress}", ProgressLine.Format(_activity, snapshot, width: null));
            }
        }
        finally
        {
            _drawing.Exit();
        }
    }
}
