using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Cli.Progress;
using ReasonRL.Cli.Scoring;
using ReasonRL.Core.Io;
using ReasonRL.Core.Verification;

namespace ReasonRL.Cli.Verbs;

/// <summary><c>reasonrl verify</c>: problem records with completions in, the same records with verdicts out.</summary>
internal sealed class VerifyVerb(
    VerifierRegistry verifiers, PluginFolders plugins, ProgressReporter progressReporter, CliConsole console, ILogger<VerifyVerb> logger) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["verify"],
        "Score completions: problem records with a \"completion\" field in, the same records with a \"verdict\" out",
        [],
        [
            new("input", "JSON Lines of problem records, each with a \"completion\" string ('-' reads standard input)", ValueName: "FILE", Required: true),
            new("out", "output file (default: standard output); with --out nothing is written if any line is malformed", ValueName: "FILE"),
            new("verifier", "verifier to apply, optionally weighted (format:0.1); default: correctness, each problem's family verifier", OptionArity.Multiple, "NAME[:WEIGHT]"),
            PluginFolders.Option,
        ],
        "Each output line is the input line unchanged plus\n" +
        "  \"verdict\": {\"reward\": 1.0, \"outcome\": \"correct\", \"flags\": [], \"steps\": [{\"end\": 57, \"correct\": true}], \"detail\": \"...\"}\n" +
        "(outcome: correct, incorrect, bad_format, timeout, tampered or error; steps only from step-checking verifiers).\n" +
        "With several --verifier, \"verdict\" is their combination — reward = sum of weight x reward; outcome, steps and\n" +
        "detail from the first verifier; flags from all; an error from any verifier makes it an error — and\n" +
        "\"rewards\": {\"correctness\": 1.0, \"format\": 1.0} holds each verifier's own, unweighted reward.\n" +
        "Verifiers: correctness, arithmetic, countdown, cipher, cipher_partial, format, and those from --plugins.\n" +
        "Records are scored in parallel (up to the number of cores) in batches, so memory stays bounded. A malformed line\n" +
        "stops the run with its line number; with --out no output file is left behind (on standard output, the lines\n" +
        "before it may already have been written).\n" +
        "Example:  reasonrl verify --input samples.jsonl --verifier correctness --verifier format:0.1 --out scored.jsonl");

    public async Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        plugins.LoadFrom(arguments);
        var reward = VerifierSelection.Parse(arguments.All("verifier"), verifiers, Spec);
        var input = arguments.RequiredString("input");
        var parallelism = reward.Concurrency;
        var watch = Stopwatch.StartNew();
        var output = arguments.String("out");
        using var progress = progressReporter.Start("Verifying", VerifyRun.CountRecords(input), "records", streamsToOut: output is null);
        VerifySummary summary;
        if (output is { } path)
        {
            summary = null!;
            await AtomicFile.WriteAsync(path, async stream =>
            {
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
                summary = await VerifyRun.RunAsync(input, writer, reward, parallelism, cancellationToken, progress).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        else
        {
            summary = await VerifyRun.RunAsync(input, console.Out, reward, parallelism, cancellationToken, progress).ConfigureAwait(false);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        logger.LogInformation(
            "Verified {Records} completions with {Verifiers} in {Seconds:F2} s ({Rate:F0}/s): {Outcomes}",
            summary.Records,
            string.Join(" + ", reward.Components.Select(c => c.Weight == 1 ? c.Name : $"{c.Weight}*{c.Name}")),
            seconds,
            summary.Records / Math.Max(seconds, 1e-9),
            string.Join(", ", summary.Outcomes.Where(o => o.Value > 0).Select(o => $"{o.Value} {Core.Json.SnakeCase.From(o.Key.ToString())}")));
        return ReasonRLApp.Success;
    }
}
