using System.CommandLine;
using System.CommandLine.Invocation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Progress;
using ReasonRL.Cli.Verbs;
using ReasonRL.Core;
using Serilog;
using Serilog.Configuration;
using Serilog.Events;

namespace ReasonRL.Cli.Hosting;

/// <summary>
/// The whole command: parses the command line (System.CommandLine, see <see cref="CommandTree"/>), answers help,
/// <c>--version</c> and completion requests, and for a verb builds the generic host (DI, options, Serilog, progress) and
/// runs it, turning every failure into a one-line message and an exit code.
/// </summary>
internal static class ReasonRLApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;
    public const int Interrupted = 130;

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var tree = new CommandTree(VerbCatalog.All.Select(v => v.Spec), (arguments, token) => RunVerbAsync(arguments, console, token));
        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false, // RunVerbAsync turns every failure into a message and an exit code
            ProcessTerminationTimeout = null,      // ConsoleCancellation handles Ctrl+C: trainers need time to save
        };
        if (args.Length == 0)
        {
            await tree.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = console.Error }, cancellationToken).ConfigureAwait(false);
            return UsageError;
        }

        var result = tree.Parse(args);
        if (result.Action is ParseErrorAction)
        {
            UsageErrors.Write(result, tree, console.Error);
            return UsageError;
        }

        return await result.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a verb whose command line parsed, turning every failure into a one-line message and an exit code.</summary>
    private static async Task<int> RunVerbAsync(ParsedArguments arguments, CliConsole console, CancellationToken cancellationToken)
    {
        var spec = arguments.Verb;
        var verbose = arguments.Verbose;
        try
        {
            var progress = new ProgressSettings(!arguments.ShowProgress ? ProgressMode.Off : console.ErrorIsTerminal ? ProgressMode.Live : ProgressMode.Log);
            using var host = BuildHost(console, verbose, progress);
            var implementation = VerbCatalog.All.Single(v => v.Spec == spec).Implementation;
            var verb = (IVerb)host.Services.GetRequiredService(implementation);
            return await verb.RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            console.Error.WriteLine($"reasonrl {spec.Name}: {e.Message}");
            console.Error.WriteLine($"Usage: {spec.UsageLine()}");
            console.Error.WriteLine($"Run 'reasonrl {spec.Name} --help' for details.");
            return UsageError;
        }
        catch (InputException e)
        {
            console.Error.WriteLine($"reasonrl {spec.Name}: {e.Message}");
            if (verbose)
            {
                console.Error.WriteLine(e);
            }

            return UsageError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine($"reasonrl {spec.Name}: stopped by Ctrl+C");
            return Interrupted;
        }
        catch (NotSupportedException e)
        {
            console.Error.WriteLine($"reasonrl {spec.Name}: {e.Message}");
            return Failure;
        }
        catch (Exception e)
        {
            console.Error.WriteLine($"reasonrl {spec.Name}: {e.GetType().Name}: {e.Message}");
            console.Error.WriteLine(verbose ? e.ToString() : "Run again with --verbose for details.");
            return Failure;
        }
    }

    private static IHost BuildHost(CliConsole console, bool verbose, ProgressSettings progress)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "reasonrl",
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        var runLog = new RunLogSink();
        var status = new StatusLine(console.Error, console.Width);
        builder.Services.AddSingleton(runLog);
        builder.Services.AddSingleton(console);
        builder.Services.AddSingleton(status);
        builder.Services.AddSingleton(progress);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ProgressReporter>();
        var consoleLog = LoggerSinkConfiguration.Wrap(
            consoleSink => new StatusLineLogSink(consoleSink, status), // log lines go above the progress line
            sinks => sinks.Console(
                outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Verbose));
        var logger = new LoggerConfiguration()
                .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
                .Enrich.FromLogContext()
                .WriteTo.Sink(consoleLog)
                .WriteTo.Sink(runLog)
                .CreateLogger();
        builder.Services.AddSerilog(logger, dispose: true);
        builder.Services.AddReasonRL();
        return builder.Build();
    }
}
