namespace ReasonRL.Cli.Hosting;

/// <summary>
/// Where a verb writes: <see cref="Out"/> for its data (problem records, JSON), <see cref="Error"/> for messages.
/// Logs go to standard error too, so data on standard output can be piped.
/// </summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    public static CliConsole System { get; } = new(Console.Out, Console.Error);
}
