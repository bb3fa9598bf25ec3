using Microsoft.Extensions.Logging;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Cli.Serve;
using ReasonRL.Core;

namespace ReasonRL.Cli.Verbs;

/// <summary>
/// <c>reasonrl serve [RUNS_DIR]</c>: the live view of runs in the browser (<see cref="RunsServer"/>), on loopback
/// unless <c>--host</c> says otherwise. Prints the address on standard output and serves until Ctrl+C.
/// </summary>
internal sealed class ServeVerb(CliConsole console, ILogger<ServeVerb> logger) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["serve"],
        "Show runs in the browser: curves that update while a run trains, samples, any runs overlaid",
        [new("RUNS_DIR", "a folder of runs, or one run folder (default: runs)", Required: false)],
        [
            new("port", "port to listen on; 0 picks a free one", ValueName: "N", Default: "8080"),
            new("host", "address to listen on; the default serves this machine only", ValueName: "ADDRESS", Default: "127.0.0.1"),
        ],
        "The page lists the runs (live ones marked), draws every logged metric of the chosen runs overlaid, and\n" +
        "polls for new lines, so a training run's curves grow as it writes metrics.jsonl. Nothing is fetched from\n" +
        "the internet: the page and its chart library are part of the tool.\n" +
        "Example: reasonrl serve runs --port 8080   (then open http://127.0.0.1:8080/)");

    public async Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        var folder = arguments.Argument("RUNS_DIR") ?? "runs";
        if (!Directory.Exists(folder))
        {
            throw new InputException($"{folder}: no such folder (a folder of runs, e.g. runs/, or one run folder)");
        }

        var port = arguments.Int("port") ?? 8080;
        var host = arguments.String("host") ?? "127.0.0.1";
        if (port is < 0 or > 65535)
        {
            throw new UsageException($"--port: expected 0 to 65535, got {port}", arguments.Verb);
        }

        if (!System.Net.IPAddress.TryParse(host, out _))
        {
            throw new UsageException($"--host: expected an IP address such as 127.0.0.1, got '{host}'", arguments.Verb);
        }

        var runs = new RunsDirectory(folder, TimeProvider.System);
        await using var app = RunsServer.Build(runs, host, port);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new InputException($"--port {port}: cannot listen on {host}:{port} ({e.Message})");
        }

        var address = RunsServer.Address(app);
        logger.LogInformation("Serving {Root} at {Address} (Ctrl+C to stop)", runs.Root, address);
        await console.Out.WriteLineAsync(address).ConfigureAwait(false);
        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return ReasonRLApp.Success;
    }
}
