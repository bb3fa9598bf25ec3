namespace ReasonRL.Cli.Hosting;

/// <summary>
/// Where a verb writes: <see cref="Out"/> for its data (problem records, JSON), <see cref="Error"/> for messages.
/// Logs and progress go to standard error too, so data on standard output can be piped.
/// </summary>
/// <param name="ErrorIsTerminal">Standard error is a terminal: progress is drawn as a line redrawn in place.</param>
/// <param name="OutIsTerminal">Standard output is a terminal (records written there share the screen with progress).</param>
/// <param name="Width">Columns of the terminal.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool ErrorIsTerminal = false, bool OutIsTerminal = false, int Width = 100)
{
    public static CliConsole System { get; } = new(
        Console.Out,
        Console.Error,
        ErrorIsTerminal: !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb"),
        OutIsTerminal: !Console.IsOutputRedirected,
        Width: TerminalWidth());

    private static int TerminalWidth()
    {
        try
        {
            return Console.IsErrorRedirected || Console.WindowWidth <= 0 ? 100 : Console.WindowWidth;
        }
        catch (IOException)
        {
            return 100;
        }
    }
}
