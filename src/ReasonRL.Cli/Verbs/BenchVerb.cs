using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Training.Benchmarks;
using ReasonRL.Verifiers.Code.Benchmarks;

namespace ReasonRL.Cli.Verbs;

/// <summary>
/// <c>reasonrl bench [--json] [--quick]</c>: measures this machine in one process — the f32 GEMM peak, training
/// throughput and MFU of the small and base presets, KV-cache sampling at batch 256 and its speed-up over naive
/// re-forward, and scoring throughput (see <see cref="BenchSuite"/>). Progress goes to the log (stderr), the table or
/// JSON object to stdout. <c>--verifier</c> measures the code verifier instead: honest programs per second through the
/// sandbox, in batches of <see cref="VerifierBatch"/> (see <see cref="SandboxThroughput"/>).
/// </summary>
internal sealed class BenchVerb(CliConsole console, ILogger<BenchVerb> logger) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["bench"],
        "Measure this machine: GEMM peak, training throughput and MFU, sampling and scoring speed",
        [],
        [
            new("json", "print one JSON object instead of a table", OptionArity.Flag),
            new("quick", "a few-second run of the tiny preset that exercises every measurement (smoke test; not comparable numbers)", OptionArity.Flag),
            new("verifier", $"measure the code verifier instead: honest programs per second through the sandbox, in batches of {VerifierBatch}", OptionArity.Flag),
        ]);

    public const int VerifierBatch = 64;

    public async Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        if (arguments.Flag("verifier"))
        {
            var batches = arguments.Flag("quick") ? 2 : 9;
            var verifier = await SandboxThroughput.MeasureAsync(VerifierBatch, batches, message => logger.LogInformation("{Progress}", message), cancellationToken);
            console.Out.WriteLine(arguments.Flag("json") ? VerifierJson(verifier) : VerifierTable(verifier));
            return ReasonRLApp.Success;
        }

        var settings = arguments.Flag("quick") ? BenchSettings.Quick : new BenchSettings();
        var report = BenchSuite.Run(settings, message => logger.LogInformation("{Progress}", message), cancellationToken);
        console.Out.WriteLine(arguments.Flag("json") ? Json(report) : Table(report));
        return ReasonRLApp.Success;
    }

    private static string VerifierJson(SandboxThroughputReport report) => new JsonObject
    {
        ["code_verifier"] = new JsonObject
        {
            ["batch"] = report.BatchSize,
            ["isolation"] = report.Isolation,
            ["workers"] = report.Workers,
            ["programs_per_worker"] = report.ProgramsPerWorker,
            ["start_seconds"] = Math.Round(report.StartSeconds, 3),
            ["programs_per_s_best"] = Math.Round(report.Best, 1),
            ["programs_per_s_median"] = Math.Round(report.Median, 1),
            ["programs_per_s"] = new JsonArray([.. report.ProgramsPerSecond.Select(r => (JsonNode)Math.Round(r, 1))]),
            ["host_cpu_ms_per_program"] = Math.Round(report.HostCpuMillisecondsPerProgram, 3),
        },
    }.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string VerifierTable(SandboxThroughputReport report) => string.Join(Environment.NewLine,
    [
        $"code verifier: {report.Isolation}; {report.Workers} fork servers x {report.ProgramsPerWorker} programs; started in {report.StartSeconds:F2} s",
        $"honest programs/s, batches of {report.BatchSize}: best {report.Best:F1}, median {report.Median:F1} " +
        $"({string.Join(" ", report.ProgramsPerSecond.Select(r => r.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}); " +
        $"host CPU {report.HostCpuMillisecondsPerProgram:F2} ms/program (sandbox processes not included)",
    ]);

    private static string Json(BenchReport report)
    {
        var settings = report.Settings;
        var json = new JsonObject
        {
            ["gemm_gflops"] = Math.Round(report.GemmGflops, 1),
            ["threads"] = report.Threads,
            ["workload"] = new JsonObject
            {
                ["vocab_size"] = settings.VocabSize,
                ["context_length"] = settings.ContextLength,
                ["train_batch"] = settings.TrainBatch,
                ["decode_batch"] = settings.DecodeBatch,
                ["decode_prompt_length"] = settings.DecodePromptLength,
                ["decode_new_tokens"] = settings.DecodeNewTokens,
                ["score_batch"] = settings.ScoreBatch,
            },
        };
        foreach (var preset in report.Presets)
        {
            json[preset.Preset.ToString().ToLowerInvariant()] = new JsonObject
            {
                ["matmul_params"] = preset.MatmulParameters,
                ["train_tokens_per_s"] = Math.Round(preset.TrainTokensPerSecond),
                ["train_mfu"] = Math.Round(preset.TrainMfu, 4),
                ["train_tokens_per_s_median"] = Math.Round(preset.TrainTokensPerSecondMedian),
                ["decode_tokens_per_s"] = Math.Round(preset.DecodeTokensPerSecond),
                ["decode_naive_tokens_per_s"] = Math.Round(preset.NaiveDecodeTokensPerSecond),
                ["decode_speedup_vs_naive"] = Math.Round(preset.DecodeSpeedupVsNaive, 3),
                ["score_tokens_per_s"] = Math.Round(preset.ScoreTokensPerSecond),
            };
        }

        return json.ToJsonString();
    }

    private static string Table(BenchReport report)
    {
        var s = report.Settings;
        var lines = new List<string>
        {
            $"f32 GEMM peak: {report.GemmGflops:F1} GFLOP/s ({report.Threads} threads)",
            $"workload: vocab {s.VocabSize}, context {s.ContextLength}; train batch {s.TrainBatch}x{s.ContextLength}; " +
            $"sampling batch {s.DecodeBatch}, prompt {s.DecodePromptLength} + {s.DecodeNewTokens} new tokens; scoring {s.ScoreBatch}x{s.ContextLength}",
            "",
            $"{"preset",-7} {"params",8} {"train tok/s",12} {"MFU",6} {"(median)",9} {"decode tok/s",13} {"vs naive",9} {"score tok/s",12}",
        };
        foreach (var p in report.Presets)
        {
            lines.Add(
                $"{p.Preset.ToString().ToLowerInvariant(),-7} {p.MatmulParameters / 1e6,7:F2}M {p.TrainTokensPerSecond,12:N0} {p.TrainMfu,6:F3} {p.TrainTokensPerSecondMedian,9:N0} " +
                $"{p.DecodeTokensPerSecond,13:N0} {p.DecodeSpeedupVsNaive,8:F1}x {p.ScoreTokensPerSecond,12:N0}");
        }

        lines.Add("");
        lines.Add("params: parameters in matmuls (tied embedding once, as the output projection); MFU = 6·params·tokens/s / GEMM peak.");
        lines.Add("train: fastest full training step (flat AdamW), median step in brackets; decode: KV-cache sampling incl. prefill;");
        lines.Add("naive: re-forward at the mean sequence length.");
        return string.Join(Environment.NewLine, lines);
    }
}
