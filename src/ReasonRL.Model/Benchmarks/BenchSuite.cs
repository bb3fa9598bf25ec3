using System.Diagnostics;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Scoring;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ReasonRL.Model.Benchmarks;

/// <summary>
/// The measurements of <c>reasonrl bench</c>, in one process: the f32 GEMM peak, then per preset the training step
/// throughput (and MFU against that peak), KV-cache sampling throughput and its speed-up over naive re-forward, and
/// scoring throughput. GEMM windows are interleaved with the training steps and the best window counts, like the
/// fastest step: on a shared machine both then get the same chances at a quiet moment, and MFU compares like with like.
/// </summary>
public static class BenchSuite
{
    public static BenchReport Run(BenchSettings settings, Action<string> progress, CancellationToken cancellationToken)
    {
        progress("Measuring the f32 GEMM peak");
        using var gemm = new GemmPeak();
        for (var window = 0; window < 6; window++)
        {
            gemm.MeasureWindow(settings.GemmWindowSeconds, cancellationToken);
        }

        var measured = new List<(ModelPreset Preset, long Parameters, double Train, double Decode, double Naive, double Score)>();
        foreach (var preset in settings.Presets)
        {
            var config = TransformerConfig.FromPreset(preset, settings.VocabSize, settings.ContextLength);
            using var model = TransformerModel.Create(config, seed: 1);
            var name = preset.ToString().ToLowerInvariant();
            progress($"Measuring training throughput of {name} (d={config.DModel}, {config.Layers} layers, {config.Heads} heads)");
            var train = TrainTokensPerSecond(model, settings, gemm, cancellationToken);
            progress($"Measuring KV-cache sampling of {name} at batch {settings.DecodeBatch}");
            var (decode, naive) = DecodeTokensPerSecond(model, settings, cancellationToken);
            progress($"Measuring scoring throughput of {name}");
            var score = ScoreTokensPerSecond(model, settings, cancellationToken);
            measured.Add((preset, model.MatmulParameterCount(), train, decode, naive, score));
        }

        var peak = gemm.Best;
        var presets = measured
            .Select(m => new PresetBench(m.Preset, m.Parameters, m.Train, 6.0 * m.Parameters * m.Train / (peak * 1e9), m.Decode, m.Naive, m.Score))
            .ToList();
        return new BenchReport(peak, get_num_threads(), settings, presets);
    }

    /// <summary>
    /// Tokens per second of a full AdamW training step (forward, cross-entropy, backward, update); the fastest step
    /// counts. A GEMM window follows every step.
    /// </summary>
    private static double TrainTokensPerSecond(TransformerModel model, BenchSettings settings, GemmPeak gemm, CancellationToken cancellationToken)
    {
        var config = model.Config;
        using var optimizer = optim.AdamW(model.parameters(), lr: 1e-4);
        using var generator = new Generator(2);
        using var batch = randint(0, config.VocabSize, [settings.TrainBatch, config.ContextLength + 1], dtype: ScalarType.Int64, generator: generator);
        using var inputs = batch.narrow(1, 0, config.ContextLength);
        using var targets = batch.narrow(1, 1, config.ContextLength).reshape(-1);
        var best = double.MaxValue;
        for (var step = 0; step <= settings.TrainSteps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            var clock = Stopwatch.StartNew();
            optimizer.zero_grad();
            var logits = model.forward(inputs);
            var loss = F.cross_entropy(logits.view(-1, config.VocabSize), targets);
            loss.backward();
            optimizer.step();
            if (step > 0)
            {
                best = Math.Min(best, clock.Elapsed.TotalSeconds); // step 0 warms up
            }

            gemm.MeasureWindow(settings.GemmWindowSeconds, cancellationToken);
        }

        return settings.TrainBatch * (double)config.ContextLength / best;
    }

    /// <summary>
    /// New tokens per second of KV-cache sampling (prefill included), and of naive re-forward generation: the naive
    /// path runs a few steps from prompts as long as the cached run's mean sequence length, so its steps cost what
    /// the average step of the full generation would (a little less, as attention grows faster than linearly).
    /// </summary>
    private static (double Cached, double Naive) DecodeTokensPerSecond(TransformerModel model, BenchSettings settings, CancellationToken cancellationToken)
    {
        var tokenizer = BenchTokenizer(model.Config.VocabSize);
        var sampler = new Sampler(model, tokenizer);
        var options = new SamplingOptions { Temperature = 1.0, MaxNewTokens = settings.DecodeNewTokens, StopAtEos = false };
        var requests = RandomPrompts(settings.DecodeBatch, settings.DecodePromptLength, model.Config.VocabSize, seed: 3);
        var cachedSeconds = Fastest(settings.Repetitions, () => sampler.Generate(requests, options, cancellationToken));
        var cached = settings.DecodeBatch * (double)settings.DecodeNewTokens / cachedSeconds;

        var meanLength = settings.DecodePromptLength + (settings.DecodeNewTokens / 2);
        var naiveRequests = RandomPrompts(settings.DecodeBatch, meanLength, model.Config.VocabSize, seed: 4);
        var naiveOptions = options with { MaxNewTokens = settings.NaiveSteps };
        var naiveSeconds = Fastest(settings.Repetitions, () => sampler.GenerateWithoutCache(naiveRequests, naiveOptions, cancellationToken));
        return (cached, settings.DecodeBatch * (double)settings.NaiveSteps / naiveSeconds);
    }

    /// <summary>Sequence tokens per second through the no-grad scoring pass (old-policy and reference passes).</summary>
    private static double ScoreTokensPerSecond(TransformerModel model, BenchSettings settings, CancellationToken cancellationToken)
    {
        var length = model.Config.ContextLength;
        using var generator = new Generator(5);
        using var sequences = randint(3, model.Config.VocabSize, [settings.ScoreBatch, length], dtype: ScalarType.Int64, generator: generator);
        using var mask = zeros([settings.ScoreBatch, length], dtype: ScalarType.Bool);
        mask[TensorIndex.Colon, TensorIndex.Slice(length / 4, length)] = true;
        var seconds = Fastest(settings.Repetitions + 1, () =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            _ = LogProbScorer.ScoreWithoutGrad(model, sequences, mask, settings.ScoreMinibatchRows);
        });
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

    private static double Fastest(int repetitions, Action run)
    {
        var best = double.MaxValue;
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            var clock = Stopwatch.StartNew();
            run();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }

        return best;
    }
}
