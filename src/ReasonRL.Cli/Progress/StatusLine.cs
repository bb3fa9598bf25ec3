namespace ReasonRL.Cli.Progress;

/// <summary>
/// The one progress line at the bottom of a terminal's standard error, redrawn in place. Log lines go above it: the
/// console log sink is wrapped in a <see cref="StatusLineLogSink"/>, which erases the line, lets the log line be
/// written and draws the line again, so the two never tear each other. Standard output is never touched.
/// </summary>
internal sealed class StatusLine(TextWriter error, int width)
{
    private const string EraseLine = "\r\u001b[2K"; // carriage return, then ANSI "erase entire line"
    private readonly Lock _lock = new();
    private string _text = "";

    /// <summary>Columns the line may use: one less than the terminal's width, so it never wraps.</summary>
    public int Width { get; } = Math.Max(20, width - 1);

    public void Show(string text)
    {
        lock (_lock)
        {
            _text = text;
            error.Write(EraseLine + text);
            error.Flush();
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            if (_text.Length > 0)
            {
                error.Write(EraseLine);
                error.Flush();
                _text = "";
            }
        }
    }

    /// <summary>Runs <paramref name="write"/> (which writes whole lines to the same stream) above the status line.</summary>
    public void WriteAbove(Action write)
    {
        lock (_lock)
        {
            if (_text.Length > 0)
            {
                error.Write(EraseLine);
            }

            write();
            if (_text.Length > 0)
            {
                error.Write(_text);
            }

            error.Flush();
        }
    }
}
