using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Verbs;
using ReasonRL.Core;
using Serilog;
using Serilog.Events;

namespace ReasonRL.Cli.Hosting;

/// <summary>
/// The whole command: finds the verb, parses its arguments, builds the generic host (DI, options, Serilog) and
/// runs the verb, turning every failure into a one-line message and an exit code.
/// </summary>
internal static class ReasonRLApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;
    public const int Interrupted = 130;

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken)
    {
        var verbs = VerbCatalog.All.Select(v => v.Spec).ToList();
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help")
        {
            (args.Length == 0 ? console.Error : console.Out).Write(HelpText.Root(verbs));
            return args.Length == 0 ? UsageError : Success;
        }

        var (spec, wordCount) = ArgumentParser.FindVerb(verbs, args);
        if (spec is null && verbs.Where(v => v.Words.Count > 1 && v.Words[0] == args[0]).Select(v => string.Join(' ', v.Words)).ToList() is [_, ..] longer)
        {
            console.Error.WriteLine($"reasonrl: '{args[0]}' needs a second word: {string.Join(", ", longer)}");
            console.Error.WriteLine($"Run 'reasonrl {longer[0]} --help' for its options.");
            return UsageError;
        }

        if (spec is null)
        {
            var guess = EditDistance.Closest(args[0], verbs.Select(v => v.Words[0]).Distinct());
            console.Error.WriteLine($"reasonrl: unknown verb '{args[0]}'{(guess is null ? "" : $"; did you mean '{guess}'?")}");
            console.Error.WriteLine("Run 'reasonrl --help' for the list of verbs.");
            return UsageError;
        }

        var rest = args.Skip(wordCount).ToList();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            console.Out.Write(HelpText.Verb(spec));
            return Success;
        }

        var verbose = rest.Contains("--" + ArgumentParser.VerboseOption);
        try
        {
            var parsed = ArgumentParser.Parse(spec, rest);
            using var host = BuildHost(console, verbose);
            var implementation = VerbCatalog.All.Single(v => v.Spec == spec).Implementation;
            var verb = (IVerb)host.Services.GetRequiredService(implementation);
            return await verb.RunAsync(parsed, cancellationToken).ConfigureAwait(false);
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

    private static IHost BuildHost(CliConsole console, bool verbose)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "reasonrl",
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        var runLog = new RunLogSink();
        builder.Services.AddSingleton(runLog);
        builder.Services.AddSingleton(console);
        var logger = new LoggerConfiguration()
                .MinimumLevel.Is(verbose ? LogEventLevel.Debug : LogEventLevel.Information)
                .Enrich.FromLogContext()
                .WriteTo.Console(
                    outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}",
                    standardErrorFromLevel: LogEventLevel.Verbose)
                .WriteTo.Sink(runLog)
                .CreateLogger();
        builder.Services.AddSerilog(logger, dispose: true);
        builder.Services.AddReasonRL();
        return builder.Build();
    }
}
