using ReasonRL.Model;

namespace ReasonRL.Training.Benchmarks;

/// <summary>
/// The workloads <c>reasonrl bench</c> times. Vocabulary 128 (a character-level tokenizer of the task families is
/// about that size) and context 256 (the recipes' default).
/// </summary>
public sealed record BenchSettings
{
    public IReadOnlyList<ModelPreset> Presets { get; init; } = [ModelPreset.Small, ModelPreset.Base];

    public int VocabSize { get; init; } = 128;

    public int ContextLength { get; init; } = 256;

    /// <summary>Training: sequences per step, each <see cref="ContextLength"/> tokens.</summary>
    public int TrainBatch { get; init; } = 16;

    /// <summary>
    /// Training steps timed per preset (after one warm-up step); the presets take them in turn, each step followed by
    /// a GEMM window, and the throughput is that of the fastest. On a shared machine the load of other tenants comes
    /// in bursts of seconds: 30 rounds (about 45 s for small and base together) give every preset and the GEMM peak
    /// the same chances at a quiet moment.
    /// </summary>
    public int TrainSteps { get; init; } = 30;

    /// <summary>Sampling: rows per batch.</summary>
    public int DecodeBatch { get; init; } = 256;

    public int DecodePromptLength { get; init; } = 32;

    public int DecodeNewTokens { get; init; } = 96;

    /// <summary>
    /// Sampling: batches decoded at once (<see cref="Model.Sampling.SamplingOptions.Streams"/>); 0 means one per
    /// libtorch thread, which is what the sampler does fastest on the CPU.
    /// </summary>
    public int DecodeStreams { get; init; }

    /// <summary>The streams sampling runs in with <paramref name="threads"/> libtorch threads.</summary>
    public int StreamsFor(int threads) => Math.Min(DecodeStreams > 0 ? DecodeStreams : Math.Max(threads, 1), DecodeBatch);

    /// <summary>Steps of the naive (no cache) generation, timed from the cached run's mean sequence length.</summary>
    public int NaiveSteps { get; init; } = 2;

    /// <summary>
    /// Timed repetitions of each sampling measurement (cached and naive alike) and of scoring; the fastest counts.
    /// Three give the ~1.5 s cached generation of <c>small</c> a fair chance at a quiet moment.
    /// </summary>
    public int Repetitions { get; init; } = 3;

    /// <summary>Scoring: sequences of <see cref="ContextLength"/> tokens, the last three quarters scored.</summary>
    public int ScoreBatch { get; init; } = 64;

    public int ScoreMinibatchRows { get; init; } = 32;

    /// <summary>
    /// Also measure sampling and scoring on a bfloat16 copy of each preset (what <c>inference_dtype: bfloat16</c> runs);
    /// on by default where the CPU has native bfloat16 arithmetic.
    /// </summary>
    public bool Bfloat16Inference { get; init; } = Bfloat16Support.IsNative(ModelCompute.Default);

    /// <summary>
    /// Also time the training step in mixed precision (forward and backward in bfloat16 on float32 masters, what
    /// <c>training_dtype: bfloat16</c> runs) beside the float32 one, and a bfloat16 GEMM peak beside it; on by default
    /// where the CPU has native bfloat16 arithmetic.
    /// </summary>
    public bool Bfloat16Training { get; init; } = Bfloat16Support.IsNative(ModelCompute.Default);

    /// <summary>Length of one GEMM-peak window (one after each training step, six at the start).</summary>
    public double GemmWindowSeconds { get; init; } = 0.25;

    /// <summary>
    /// Measurements a run takes, for its progress: the GEMM windows at the start, the training rounds (warm-up included)
    /// of every preset (twice with mixed-precision training), and per preset the timed repetitions of cached and naive sampling and of scoring, and of bfloat16 sampling and scoring when measured.
    /// </summary>
    public long Units => BenchSuite.StartWindows + (Presets.Count * (TrainSteps + 1L) * (Bfloat16Training ? 2 : 1)) + (Presets.Count * ((2L * Repetitions) + Repetitions + 1))
        + (Bfloat16Inference ? Presets.Count * (Repetitions + Repetitions + 1L) : 0);

    /// <summary>A run of a few seconds that exercises every measurement: for smoke tests, not for numbers.</summary>
    public static BenchSettings Quick { get; } = new()
    {
        Presets = [ModelPreset.Tiny],
        ContextLength = 64,
        TrainBatch = 2,
        TrainSteps = 1,
        DecodeBatch = 8,
        DecodePromptLength = 8,
        DecodeNewTokens = 8,
        NaiveSteps = 2,
        Repetitions = 1,
        ScoreBatch = 4,
        ScoreMinibatchRows = 2,
        GemmWindowSeconds = 0.02,
    };
}
