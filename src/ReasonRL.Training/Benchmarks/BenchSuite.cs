using ReasonRL.Core;
using ReasonRL.Model;
using ReasonRL.Model.Benchmarks;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Scoring;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using static TorchSharp.torch;

namespace ReasonRL.Training.Benchmarks;

/// <summary>
/// The measurements of <c>reasonrl bench</c>, in one process: the f32 GEMM peak, the training step throughput of every
/// preset (and MFU against that peak), then per preset KV-cache sampling throughput and its speed-up over naive
/// re-forward, and scoring throughput.
/// </summary>
/// <remarks>
/// On a shared machine other tenants' load comes in bursts of seconds and can only slow a measurement down, so the
/// fastest window counts, and everything that is compared gets the same chances at a quiet moment: the presets take
/// their training steps in turn, and a GEMM window follows every step, so the peak and the steps it divides sample the
/// same stretch of time. The median step is reported beside the fastest.
/// </remarks>
public static class BenchSuite
{
    /// <summary>GEMM windows measured before anything else.</summary>
    internal const int StartWindows = 6;

    /// <param name="progress">What is being measured, as it starts.</param>
    /// <param name="units">Measurements done of all of them (<see cref="BenchSettings.Units"/>): GEMM windows, training rounds,
    /// timed sampling and scoring repetitions.</param>
    public static BenchReport Run(BenchSettings settings, Action<string> progress, CancellationToken cancellationToken, IProgress<WorkProgress>? units = null)
    {
        var done = 0L;
        void Done() => units?.Report(new WorkProgress(++done, settings.Units));
        progress("Measuring the f32 GEMM peak");
        using var gemm = new GemmPeak();
        using var bfloat16Gemm = settings.Bfloat16Training ? new GemmPeak(ScalarType.BFloat16) : null;
        for (var window = 0; window < StartWindows; window++)
        {
            gemm.MeasureWindow(settings.GemmWindowSeconds, cancellationToken);
            Done();
        }

        var models = settings.Presets
            .Select(p => (Preset: p, Model: TransformerModel.Create(TransformerConfig.FromPreset(p, settings.VocabSize, settings.ContextLength), seed: 1)))
            .ToList();
        try
        {
            var names = string.Join(" and ", models.Select(m => $"{Name(m.Preset)} (d={m.Model.Config.DModel}, {m.Model.Config.Layers} layers, {m.Model.Config.Heads} heads)"));
            progress($"Measuring training throughput of {names}{(settings.Bfloat16Training ? ", in float32 and in mixed precision (bfloat16 compute)" : "")}: {settings.TrainSteps} steps each, in turn, a GEMM window after every step");
            var (train, bfloat16Train) = TrainTokensPerSecond([.. models.Select(m => m.Model)], settings, gemm, bfloat16Gemm, cancellationToken, Done);
            var measured = new List<(ModelPreset Preset, long Parameters, double Best, double Median, double Decode, double Naive, double Score, InferenceBench? Bfloat16)>();
            foreach (var ((preset, model), (best, median)) in models.Zip(train))
            {
                progress($"Measuring KV-cache sampling of {Name(preset)} at batch {settings.DecodeBatch}");
                var (decode, naive) = DecodeTokensPerSecond(model, settings, cancellationToken, Done);
                progress($"Measuring scoring throughput of {Name(preset)}");
                var score = ScoreTokensPerSecond(model, settings, cancellationToken, Done);
                InferenceBench? bfloat16 = null;
                if (settings.Bfloat16Inference)
                {
                    progress($"Measuring KV-cache sampling and scoring of a bfloat16 copy of {Name(preset)}");
                    using var copy = InferenceCopy.Of(model, ComputeDtype.Bfloat16);
                    bfloat16 = new InferenceBench(
                        DecodeTokensPerSecond(copy.Model, settings, cancellationToken, Done, naive: false).Cached,
                        ScoreTokensPerSecond(copy.Model, settings, cancellationToken, Done));
                }

                measured.Add((preset, model.MatmulParameterCount(), best, median, decode, naive, score, bfloat16));
            }

            var peak = gemm.Best;
            var presets = measured
                .Select((m, i) => new PresetBench(m.Preset, m.Parameters, m.Best, 6.0 * m.Parameters * m.Best / (peak * 1e9), m.Median, m.Decode, m.Naive, m.Score, m.Bfloat16)
                {
                    Bfloat16Training = bfloat16Train is null ? null : new TrainingBench(
                        bfloat16Train[i].Best, bfloat16Train[i].Median,
                        6.0 * m.Parameters * bfloat16Train[i].Best / (peak * 1e9), 6.0 * m.Parameters * bfloat16Train[i].Best / (bfloat16Gemm!.Best * 1e9)),
                })
                .ToList();
            return new BenchReport(peak, get_num_threads(), settings, presets) { Bfloat16GemmGflops = bfloat16Gemm?.Best };
        }
        finally
        {
            foreach (var (_, model) in models)
            {
                model.Dispose();
            }
        }
    }

    /// <summary>
    /// Fastest and median tokens per second of each model's training step: one warm-up step each, then
    /// <see cref="BenchSettings.TrainSteps"/> rounds in which every model takes one step, each followed by a GEMM window.
    /// With a bfloat16 GEMM peak to measure, every model also has a mixed-precision twin (the same weights, its own
    /// float32 masters and optimizer) that takes its step after the float32 one, followed by an f32 and a bfloat16
    /// GEMM window; its figures come second (null without).
    /// </summary>
    private static (List<(double Best, double Median)> Float32, List<(double Best, double Median)>? Bfloat16) TrainTokensPerSecond(
        IReadOnlyList<TransformerModel> models, BenchSettings settings, GemmPeak gemm, GemmPeak? bfloat16Gemm, CancellationToken cancellationToken, Action roundDone)
    {
        var twins = bfloat16Gemm is null ? [] : models.Select(m => m.Copy()).ToList();
        var timers = models.Select(m => new TrainingStepTimer(m, settings.TrainBatch)).ToList();
        var bfloat16Timers = twins.Select(m => new TrainingStepTimer(m, settings.TrainBatch, ComputeDtype.Bfloat16)).ToList();
        try
        {
            for (var round = 0; round <= settings.TrainSteps; round++)
            {
                for (var i = 0; i < timers.Count; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    timers[i].Step(timed: round > 0);
                    gemm.MeasureWindow(settings.GemmWindowSeconds, cancellationToken);
                    roundDone();
                    if (bfloat16Gemm is not null)
                    {
                        bfloat16Timers[i].Step(timed: round > 0);
                        gemm.MeasureWindow(settings.GemmWindowSeconds, cancellationToken);
                        bfloat16Gemm.MeasureWindow(settings.GemmWindowSeconds, cancellationToken);
                        roundDone();
                    }
                }
            }

            return (
                [.. timers.Select(t => (t.BestTokensPerSecond, t.MedianTokensPerSecond))],
                bfloat16Gemm is null ? null : [.. bfloat16Timers.Select(t => (t.BestTokensPerSecond, t.MedianTokensPerSecond))]);
        }
        finally
        {
            foreach (var timer in timers.Concat(bfloat16Timers))
            {
                timer.Dispose();
            }

            foreach (var twin in twins)
            {
                twin.Dispose();
            }
        }
    }

    /// <summary>
    /// New tokens per second of KV-cache sampling (prefill included; in <see cref="BenchSettings.StreamsFor"/> streams),
    /// and of naive re-forward generation (one batch): the naive
    /// path runs a few steps from prompts as long as the cached run's mean sequence length, so its steps cost what
    /// the average step of the full generation would (a little less, as attention grows faster than linearly).
    /// Without <paramref name="naive"/> only the cached run is timed (Naive is then NaN).
    /// </summary>
    private static (double Cached, double Naive) DecodeTokensPerSecond(
        TransformerModel model, BenchSettings settings, CancellationToken cancellationToken, Action repetitionDone, bool naive = true)
    {
        var tokenizer = BenchTokenizer(model.Config.VocabSize);
        var sampler = new Sampler(model, tokenizer);
        var options = new SamplingOptions { Temperature = 1.0, MaxNewTokens = settings.DecodeNewTokens, StopAtEos = false, Streams = settings.StreamsFor(get_num_threads()) };
        var requests = RandomPrompts(settings.DecodeBatch, settings.DecodePromptLength, model.Config.VocabSize, seed: 3);
        var cachedSeconds = FastestRun.Seconds(settings.Repetitions, () => sampler.Generate(requests, options, cancellationToken), repetitionDone);
        var cached = settings.DecodeBatch * (double)settings.DecodeNewTokens / cachedSeconds;
        if (!naive)
        {
            return (cached, double.NaN);
        }

        var meanLength = settings.DecodePromptLength + (settings.DecodeNewTokens / 2);
        var naiveRequests = RandomPrompts(settings.DecodeBatch, meanLength, model.Config.VocabSize, seed: 4);
        var naiveOptions = options with { MaxNewTokens = settings.NaiveSteps };
        var naiveSeconds = FastestRun.Seconds(settings.Repetitions, () => sampler.GenerateWithoutCache(naiveRequests, naiveOptions, cancellationToken), repetitionDone);
        return (cached, settings.DecodeBatch * (double)settings.NaiveSteps / naiveSeconds);
    }

    /// <summary>Sequence tokens per second through the no-grad scoring pass (old-policy and reference passes).</summary>
    private static double ScoreTokensPerSecond(TransformerModel model, BenchSettings settings, CancellationToken cancellationToken, Action repetitionDone)
    {
        var length = model.Config.ContextLength;
        using var generator = new Generator(5);
        using var sequences = randint(3, model.Config.VocabSize, [settings.ScoreBatch, length], dtype: ScalarType.Int64, generator: generator);
        using var mask = zeros([settings.ScoreBatch, length], dtype: ScalarType.Bool);
        mask[TensorIndex.Colon, TensorIndex.Slice(length / 4, length)] = true;
        var seconds = FastestRun.Seconds(settings.Repetitions + 1, () =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            _ = LogProbScorer.ScoreWithoutGrad(model, sequences, mask, settings.ScoreMinibatchRows);
        }, repetitionDone);
        return settings.ScoreBatch * (double)length / seconds;
    }

    /// <summary>A character-level tokenizer with exactly <paramref name="vocabSize"/> ids (the text does not matter here).</summary>
    private static TextTokenizer BenchTokenizer(int vocabSize) =>
        TextTokenizer.CharacterLevel([string.Concat(Enumerable.Range(0, vocabSize - 3).Select(i => (char)(0x100 + i)))]);

    private static SampleRequest[] RandomPrompts(int count, int length, int vocabSize, ulong seed)
    {
        var random = new Core.Randomness.DeterministicRandom(seed);
        return [.. Enumerable.Range(0, count).Select(i => new SampleRequest([.. Enumerable.Range(0, length).Select(_ => 3 + random.NextInt(vocabSize - 3))], (ulong)i))];
    }

    private static string Name(ModelPreset preset) => preset.ToString().ToLowerInvariant();
}
