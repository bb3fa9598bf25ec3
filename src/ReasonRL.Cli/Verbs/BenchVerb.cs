using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Cli.Progress;
using ReasonRL.Core.Json;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Model;
using ReasonRL.Training.Benchmarks;
using ReasonRL.Verifiers.Code.Benchmarks;

namespace ReasonRL.Cli.Verbs;

/// <summary>
/// <c>reasonrl bench [--json] [--quick]</c>: measures this machine in one process — the f32 GEMM peak, training
/// throughput and MFU of the small and base presets, KV-cache sampling at batch 256 and its speed-up over naive
/// re-forward, and scoring throughput (see <see cref="BenchSuite"/>). Progress goes to the log (stderr), the table or
/// JSON object to stdout. <c>--verifier</c> measures the code verifier instead: honest programs per second through the
/// sandbox, in batches of <see cref="VerifierBatch"/> (see <see cref="SandboxThroughput"/>). <c>--cluster-projection</c>
/// measures the parts of a GRPO step with cluster rollout workers and projects steps/s against workers (see
/// <see cref="ClusterProjectionBench"/>).
/// </summary>
internal sealed class BenchVerb(
    ProgressReporter progressReporter, CliConsole console, ILogger<BenchVerb> logger, TaskFamilyRegistry families, VerifierRegistry verifiers, ILoggerFactory loggers) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["bench"],
        "Measure this machine: GEMM peak, training throughput and MFU, sampling and scoring speed",
        [],
        [
            new("json", "print one JSON object instead of a table", OptionArity.Flag),
            new("quick", "a few-second run of the tiny preset that exercises every measurement (smoke test; not comparable numbers)", OptionArity.Flag),
            new("verifier", $"measure the code verifier instead: honest programs per second through the sandbox, in batches of {VerifierBatch}", OptionArity.Flag),
            new("shape", $"instead: a real model's shape with random weights ({string.Join(", ", RealShapes.All.Keys)}); repeatable", OptionArity.Multiple, "NAME"),
            new("dtype", "with --shape: compute dtypes to measure, float32 and/or bfloat16 (default both); repeatable", OptionArity.Multiple, "DTYPE"),
            new("grpo-step", "with --shape: also time one GRPO step (default for shapes under 200M parameters)", OptionArity.Flag),
            new("cluster-projection", "instead: measure a GRPO step's parts with cluster rollout workers (units, dispatch overhead, weight publication and load, bytes, scoring, update) for the small preset and SmolLM2-135M's shape, and project steps/s against workers, synchronous and max_staleness: 1", OptionArity.Flag),
            new("keep-checkpoint", "with --shape: write the random-weight checkpoint folder here (DIR/SHAPE) and keep it", ValueName: "DIR"),
        ],
        "With --shape, for each shape: a random-weight checkpoint folder in the family's layout is written (bfloat16) and, per\n" +
        "dtype, loaded (seconds, peak RSS), sampled at batch 64 with the KV cache (16-token prompts, 32 new tokens), scored\n" +
        "(8 x 128 tokens) and, for small shapes, one GRPO step of 4 prompts x 8 completions is timed.\n" +
        "With --cluster-projection (run from the repository root; a few minutes): grpo-smoke's step from\n" +
        "data/checkpoints/base-arith-small (16 x 8, 2 units) and SmolLM2-135M's shape with random weights shortened to 2 x 4\n" +
        "completions of 32 tokens, each in process, on a worker silo started in this process, and on the trainer's side.\n" +
        "Example: reasonrl bench --shape smollm2-135m --shape qwen2.5-0.5b");

    public const int VerifierBatch = 64;

    public async Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        if (arguments.All("shape").Count > 0)
        {
            return RunShapes(arguments, cancellationToken);
        }

        if (arguments.Flag("cluster-projection"))
        {
            var costs = await ClusterProjectionBench.MeasureAsync(
                arguments.Flag("quick"), families, verifiers, loggers, message => logger.LogInformation("{Progress}", message), cancellationToken).ConfigureAwait(false);
            console.Out.WriteLine(arguments.Flag("json") ? ClusterProjectionBench.Json(costs).ToJsonString() : ClusterProjectionBench.Table(costs));
            return ReasonRLApp.Success;
        }

        if (arguments.Flag("verifier"))
        {
            var batches = arguments.Flag("quick") ? 2 : 9;
            var verifier = await SandboxThroughput.MeasureAsync(VerifierBatch, batches, message => logger.LogInformation("{Progress}", message), cancellationToken);
            console.Out.WriteLine(arguments.Flag("json") ? VerifierJson(verifier) : VerifierTable(verifier));
            return ReasonRLApp.Success;
        }

        var settings = arguments.Flag("quick") ? BenchSettings.Quick : new BenchSettings();
        BenchReport report;
        using (var progress = progressReporter.Start("Measuring", settings.Units, "measurements"))
        {
            report = BenchSuite.Run(settings, message => logger.LogInformation("{Progress}", message), cancellationToken, progress);
        }

        console.Out.WriteLine(arguments.Flag("json") ? Json(report) : Table(report));
        return ReasonRLApp.Success;
    }

    private int RunShapes(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        var unknown = arguments.All("shape").Where(s => !RealShapes.All.ContainsKey(s)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"--shape: unknown {string.Join(", ", unknown)} (known: {string.Join(", ", RealShapes.All.Keys)})", Spec);
        }

        var dtypes = arguments.All("dtype").Select(d => SnakeCase.TryParseEnum<ComputeDtype>(d, out var dtype)
            ? dtype
            : throw new UsageException($"--dtype: '{d}' is not one of: float32, bfloat16", Spec)).Distinct().ToList();
        if (dtypes.Count == 0)
        {
            dtypes = [ComputeDtype.Float32, ComputeDtype.Bfloat16];
        }

        var settings = arguments.Flag("quick") ? RealShapeSettings.Quick : new RealShapeSettings();
        var results = new List<RealShapeResult>();
        foreach (var shape in arguments.All("shape").Distinct())
        {
            var config = RealShapes.All[shape];
            var keep = arguments.String("keep-checkpoint");
            var folder = keep is null ? Directory.CreateTempSubdirectory("reasonrl-bench-").FullName : Path.Combine(keep, shape);
            try
            {
                var parameters = ApproximateParameters(config);
                var train = arguments.Flag("grpo-step") || parameters < 200_000_000;
                results.AddRange(RealShapeBench.Run(shape, config, dtypes, train, settings, folder, message => logger.LogInformation("{Progress}", message), cancellationToken));
            }
            finally
            {
                if (keep is null)
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }

        console.Out.WriteLine(arguments.Flag("json") ? ShapesJson(results) : ShapesTable(results));
        return ReasonRLApp.Success;
    }

    private static long ApproximateParameters(Model.TransformerConfig c) =>
        ((long)c.VocabSize * c.DModel * (c.TiedEmbeddings ? 1 : 2))
        + ((long)c.Layers * ((c.DModel * (long)c.HeadDim * (c.Heads + (2 * c.KvHeadCount))) + ((long)c.Heads * c.HeadDim * c.DModel) + (3L * c.DModel * c.EffectiveMlpHidden)));

    private static string ShapesJson(IReadOnlyList<RealShapeResult> results) =>
        new JsonArray([.. results.Select(r => (JsonNode)new JsonObject
        {
            ["shape"] = r.Shape,
            ["dtype"] = SnakeCase.From(r.Dtype.ToString()),
            ["parameters"] = r.Parameters,
            ["load_seconds"] = Math.Round(r.LoadSeconds, 2),
            ["load_peak_rss_mib"] = r.LoadPeakRssBytes >> 20,
            ["decode_tokens_per_s"] = Math.Round(r.DecodeTokensPerSecond, 1),
            ["score_tokens_per_s"] = Math.Round(r.ScoreTokensPerSecond, 1),
            ["grpo_step_seconds"] = r.GrpoStepSeconds is { } s ? Math.Round(s, 2) : null,
            ["peak_rss_mib"] = r.PeakRssBytes >> 20,
        })]).ToJsonString();

    private static string ShapesTable(IReadOnlyList<RealShapeResult> results)
    {
        var lines = new List<string>
        {
            $"{"shape",-14} {"dtype",-9} {"params",8} {"load s",7} {"load RSS",9} {"decode tok/s",13} {"score tok/s",12} {"GRPO step s",12} {"peak RSS",9}",
        };
        foreach (var r in results)
        {
            lines.Add(
                $"{r.Shape,-14} {SnakeCase.From(r.Dtype.ToString()),-9} {r.Parameters / 1e6,7:F1}M {r.LoadSeconds,7:F1} {r.LoadPeakRssBytes >> 20,6:N0} MiB {r.DecodeTokensPerSecond,13:N1} " +
                $"{r.ScoreTokensPerSecond,12:N0} {(r.GrpoStepSeconds is { } s ? s.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "-"),12} {r.PeakRssBytes >> 20,6:N0} MiB");
        }

        lines.Add("");
        lines.Add("decode: KV-cache sampling at batch 64 incl. prefill (new tokens/s); score: sequence tokens/s of the no-grad scoring pass;");
        lines.Add("GRPO step: sampling 4 x 8 completions + reference pass + policy update (flat AdamW); RSS: peak resident memory (load: while loading).");
        return string.Join(Environment.NewLine, lines);
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
            ["bf16_gemm_gflops"] = report.Bfloat16GemmGflops is { } bfloat16Peak ? Math.Round(bfloat16Peak, 1) : null,
            ["threads"] = report.Threads,
            ["workload"] = new JsonObject
            {
                ["vocab_size"] = settings.VocabSize,
                ["context_length"] = settings.ContextLength,
                ["train_batch"] = settings.TrainBatch,
                ["decode_batch"] = settings.DecodeBatch,
                ["decode_prompt_length"] = settings.DecodePromptLength,
                ["decode_new_tokens"] = settings.DecodeNewTokens,
                ["decode_streams"] = settings.StreamsFor(report.Threads),
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
            if (preset.Bfloat16 is { } bfloat16)
            {
                json[preset.Preset.ToString().ToLowerInvariant()]!["bfloat16"] = new JsonObject
                {
                    ["decode_tokens_per_s"] = Math.Round(bfloat16.DecodeTokensPerSecond),
                    ["score_tokens_per_s"] = Math.Round(bfloat16.ScoreTokensPerSecond),
                };
            }

            if (preset.Bfloat16Training is { } training)
            {
                json[preset.Preset.ToString().ToLowerInvariant()]!["bfloat16_training"] = new JsonObject
                {
                    ["train_tokens_per_s"] = Math.Round(training.TokensPerSecond),
                    ["train_tokens_per_s_median"] = Math.Round(training.TokensPerSecondMedian),
                    ["train_mfu_f32_peak"] = Math.Round(training.MfuF32Peak, 4),
                    ["train_mfu_bf16_peak"] = Math.Round(training.MfuBf16Peak, 4),
                };
            }
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
            $"sampling batch {s.DecodeBatch} in {s.StreamsFor(report.Threads)} streams, prompt {s.DecodePromptLength} + {s.DecodeNewTokens} new tokens; scoring {s.ScoreBatch}x{s.ContextLength}",
            "",
            $"{"preset",-7} {"params",8} {"train tok/s",12} {"MFU",6} {"(median)",9} {"decode tok/s",13} {"vs naive",9} {"score tok/s",12} {"bf16 decode",12} {"bf16 score",11}",
        };
        foreach (var p in report.Presets)
        {
            lines.Add(
                $"{p.Preset.ToString().ToLowerInvariant(),-7} {p.MatmulParameters / 1e6,7:F2}M {p.TrainTokensPerSecond,12:N0} {p.TrainMfu,6:F3} {p.TrainTokensPerSecondMedian,9:N0} " +
                $"{p.DecodeTokensPerSecond,13:N0} {p.DecodeSpeedupVsNaive,8:F1}x {p.ScoreTokensPerSecond,12:N0} " +
                $"{(p.Bfloat16 is { } b ? b.DecodeTokensPerSecond.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-"),12} " +
                $"{(p.Bfloat16 is { } c ? c.ScoreTokensPerSecond.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-"),11}");
        }

        if (report.Bfloat16GemmGflops is { } bfloat16Peak)
        {
            lines.Add("");
            lines.Add($"mixed-precision training (bfloat16 forward and backward, float32 masters and AdamW); bf16 GEMM peak: {bfloat16Peak:F1} GFLOP/s");
            lines.Add($"{"preset",-7} {"train tok/s",12} {"(median)",9} {"vs f32",7} {"MFU f32 peak",13} {"MFU bf16 peak",14}");
            foreach (var p in report.Presets.Where(p => p.Bfloat16Training is not null))
            {
                var t = p.Bfloat16Training!;
                lines.Add(
                    $"{p.Preset.ToString().ToLowerInvariant(),-7} {t.TokensPerSecond,12:N0} {t.TokensPerSecondMedian,9:N0} {t.TokensPerSecond / p.TrainTokensPerSecond,6:F2}x " +
                    $"{t.MfuF32Peak,13:F3} {t.MfuBf16Peak,14:F3}");
            }
        }

        lines.Add("");
        lines.Add("params: parameters in matmuls (tied embedding once, as the output projection); MFU = 6·params·tokens/s / GEMM peak.");
        lines.Add("train: fastest full training step (flat AdamW), median step in brackets; decode: KV-cache sampling incl. prefill;");
        lines.Add("naive: re-forward at the mean sequence length, one batch; bf16: the same sampling and scoring on a bfloat16 copy of the model.");
        return string.Join(Environment.NewLine, lines);
    }
}
