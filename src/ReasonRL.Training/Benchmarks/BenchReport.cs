using ReasonRL.Model;

namespace ReasonRL.Training.Benchmarks;

/// <summary>What <c>reasonrl bench</c> measured for one preset.</summary>
/// <param name="MatmulParameters">Parameters counted for MFU (<see cref="Model.Transformer.TransformerModel.MatmulParameterCount"/>).</param>
/// <param name="TrainTokensPerSecond">Tokens per second of the fastest training step.</param>
/// <param name="TrainMfu">6 · matmul parameters · train tokens/s (fastest step), over the GEMM peak of the same run.</param>
/// <param name="TrainTokensPerSecondMedian">Tokens per second of the median training step: how much the machine's load varied.</param>
/// <param name="DecodeTokensPerSecond">New tokens per second of KV-cache sampling, prefill included.</param>
/// <param name="NaiveDecodeTokensPerSecond">New tokens per second without the cache, at the cached run's mean length.</param>
/// <param name="ScoreTokensPerSecond">Sequence tokens per second through the no-grad scoring pass.</param>
/// <param name="Bfloat16">The same sampling and scoring on a bfloat16 copy of the model; null when not measured.</param>
public sealed record PresetBench(
    ModelPreset Preset,
    long MatmulParameters,
    double TrainTokensPerSecond,
    double TrainMfu,
    double TrainTokensPerSecondMedian,
    double DecodeTokensPerSecond,
    double NaiveDecodeTokensPerSecond,
    double ScoreTokensPerSecond,
    InferenceBench? Bfloat16 = null)
{
    public double DecodeSpeedupVsNaive => DecodeTokensPerSecond / NaiveDecodeTokensPerSecond;

    /// <summary>The same training step in mixed precision (bfloat16 compute, float32 masters); null when not measured.</summary>
    public TrainingBench? Bfloat16Training { get; init; }
}

/// <summary>A training step's throughput in one precision, with MFU against both GEMM peaks of the run.</summary>
/// <param name="TokensPerSecond">Of the fastest step.</param>
/// <param name="TokensPerSecondMedian">Of the median step.</param>
/// <param name="MfuF32Peak">6 · matmul parameters · tokens/s over the f32 GEMM peak (comparable with the float32 row's MFU).</param>
/// <param name="MfuBf16Peak">The same over the bfloat16 GEMM peak measured the same way: how close to what bfloat16 matmuls can do.</param>
public sealed record TrainingBench(double TokensPerSecond, double TokensPerSecondMedian, double MfuF32Peak, double MfuBf16Peak);

/// <summary>Everything one <c>reasonrl bench</c> run measured.</summary>
public sealed record BenchReport(double GemmGflops, int Threads, BenchSettings Settings, IReadOnlyList<PresetBench> Presets)
{
    /// <summary>The bfloat16 GEMM peak (GFLOP/s), measured beside the mixed-precision training steps; null when not measured.</summary>
    public double? Bfloat16GemmGflops { get; init; }
}

/// <summary>KV-cache sampling (new tokens/s, prefill included) and no-grad scoring (sequence tokens/s) in one inference dtype.</summary>
public sealed record InferenceBench(double DecodeTokensPerSecond, double ScoreTokensPerSecond);
