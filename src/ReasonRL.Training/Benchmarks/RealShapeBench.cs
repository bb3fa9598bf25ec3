using System.Diagnostics;
using ReasonRL.Core.Randomness;
using ReasonRL.Model;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Scoring;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Optimization;
using ReasonRL.Training.Recipes;
using static TorchSharp.torch;

namespace ReasonRL.Training.Benchmarks;

/// <summary>What <see cref="RealShapeBench"/> measured for one shape in one compute dtype.</summary>
/// <param name="LoadPeakRssBytes">Peak resident memory while loading the checkpoint folder (the peak is reset first).</param>
/// <param name="GrpoStepSeconds">One GRPO step: sampling, reference scoring and the policy update (null when not measured).</param>
/// <param name="PeakRssBytes">Peak resident memory over all of this dtype's measurements.</param>
public sealed record RealShapeResult(
    string Shape, ComputeDtype Dtype, long Parameters, double LoadSeconds, long LoadPeakRssBytes,
    double DecodeTokensPerSecond, double ScoreTokensPerSecond, double? GrpoStepSeconds, long PeakRssBytes);

/// <summary>The workload of <see cref="RealShapeBench"/>.</summary>
public sealed record RealShapeSettings
{
    public int DecodeBatch { get; init; } = 64;

    public int DecodePromptLength { get; init; } = 16;

    public int DecodeNewTokens { get; init; } = 32;

    public int ScoreBatch { get; init; } = 8;

    public int ScoreLength { get; init; } = 128;

    /// <summary>GRPO step: prompts × group size completions of <see cref="DecodeNewTokens"/> tokens.</summary>
    public int GrpoPrompts { get; init; } = 4;

    public int GroupSize { get; init; } = 8;

    public int MinibatchSize { get; init; } = 16;

    /// <summary>Timed repetitions of decoding and scoring; the fastest counts.</summary>
    public int Repetitions { get; init; } = 1;

    /// <summary>A few-second run on a tiny model that exercises every measurement (tests only).</summary>
    public static RealShapeSettings Quick { get; } = new()
    {
        DecodeBatch = 4, DecodePromptLength = 4, DecodeNewTokens = 4, ScoreBatch = 2, ScoreLength = 16, GrpoPrompts = 2, GroupSize = 2, MinibatchSize = 2, Repetitions = 1,
    };
}

/// <summary>
/// Benchmarks a real model's shape with random weights, as a user would run it: a random-weight checkpoint folder is
/// written in the family's layout (bfloat16, as the published weights are), then for each compute dtype it is loaded
/// (time and peak RSS), sampled from at batch 64 with the KV cache (new tokens per second, prefill included), scored
/// (sequence tokens per second through the no-grad scoring pass), and — for shapes small enough to train here — one
/// GRPO step is timed: sampling prompts × group completions, the reference scoring pass, and the policy update with
/// the flat AdamW (the verifier, microseconds per completion, is left out).
/// </summary>
/// <remarks>Peak RSS is Linux's VmHWM, reset per phase through /proc/self/clear_refs.</remarks>
public static class RealShapeBench
{
    public static IReadOnlyList<RealShapeResult> Run(
        string shape, TransformerConfig config, IReadOnlyList<ComputeDtype> dtypes, bool train, RealShapeSettings settings,
        string folder, Action<string> progress, CancellationToken cancellationToken)
    {
        var tokenizer = BenchTokenizer(Math.Min(config.VocabSize, 4096));
        progress($"{shape}: writing a random-weight {config.Family} checkpoint (bfloat16) to {folder}");
        using (var model = TransformerModel.Create(config, seed: 1, new ModelCompute { Dtype = ComputeDtype.Bfloat16 }))
        {
            Checkpoint.Save(folder, model, tokenizer);
        }

        var results = new List<RealShapeResult>();
        foreach (var dtype in dtypes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            GC.Collect();
            ResetPeakRss();
            progress($"{shape} {dtype}: loading");
            var clock = Stopwatch.StartNew();
            using var loaded = Checkpoint.Load(folder, new ModelCompute { Dtype = dtype });
            var loadSeconds = clock.Elapsed.TotalSeconds;
            var loadPeak = PeakRss();
            var parameters = loaded.Model.parameters().Sum(p => p.numel());

            progress($"{shape} {dtype}: sampling {settings.DecodeBatch} × ({settings.DecodePromptLength} + {settings.DecodeNewTokens}) tokens");
            var sampler = new Sampler(loaded.Model, loaded.Tokenizer);
            var options = new SamplingOptions { Temperature = 1.0, MaxNewTokens = settings.DecodeNewTokens, StopAtEos = false };
            var prompts = RandomPrompts(settings.DecodeBatch, settings.DecodePromptLength, tokenizer.VocabSize, seed: 3);
            var decodeSeconds = FastestRun.Seconds(settings.Repetitions, () => sampler.Generate(prompts, options, cancellationToken));

            progress($"{shape} {dtype}: scoring {settings.ScoreBatch} × {settings.ScoreLength} tokens");
            var scoreSeconds = FastestRun.Seconds(settings.Repetitions, () => Score(loaded.Model, settings, tokenizer.VocabSize));

            double? stepSeconds = null;
            if (train)
            {
                progress($"{shape} {dtype}: one GRPO step of {settings.GrpoPrompts} prompts × {settings.GroupSize}");
                stepSeconds = GrpoStep(loaded.Model, sampler, settings, tokenizer, cancellationToken);
            }

            results.Add(new RealShapeResult(
                shape, dtype, parameters, loadSeconds, loadPeak,
                settings.DecodeBatch * (double)settings.DecodeNewTokens / decodeSeconds,
                settings.ScoreBatch * (double)settings.ScoreLength / scoreSeconds,
                stepSeconds, PeakRss()));
        }

        return results;
    }

    /// <summary>Peak resident set size of this process so far (VmHWM), in bytes; 0 where /proc is not there.</summary>
    public static long PeakRss()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return 0;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Starts a new peak (Linux: writing 5 to /proc/self/clear_refs resets VmHWM to the current RSS).</summary>
    public static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not Linux, or not allowed: the peak then covers the whole process.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void Score(TransformerModel model, RealShapeSettings settings, int vocabulary)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(5);
        var sequences = randint(3, vocabulary, [settings.ScoreBatch, settings.ScoreLength], dtype: ScalarType.Int64, generator: generator).to(model.Device);
        var mask = zeros([settings.ScoreBatch, settings.ScoreLength], dtype: ScalarType.Bool, device: model.Device);
        mask[TensorIndex.Colon, TensorIndex.Slice(settings.ScoreLength / 4, settings.ScoreLength)] = true;
        _ = LogProbScorer.ScoreWithoutGrad(model, sequences, mask, minibatchRows: Math.Max(1, settings.ScoreBatch / 2));
    }

    /// <summary>
    /// Sampling, the reference pass (the policy itself stands in for the frozen copy: same cost) and the policy update
    /// of the GRPO trainer, with random advantages in place of verifier rewards.
    /// </summary>
    private static double GrpoStep(TransformerModel policy, Sampler sampler, RealShapeSettings settings, TextTokenizer tokenizer, CancellationToken cancellationToken)
    {
        var stage = new GrpoStage
        {
            PromptsPerStep = settings.GrpoPrompts,
            GroupSize = settings.GroupSize,
            MinibatchSize = settings.MinibatchSize,
            Sampling = new SamplingSection { MaxNewTokens = settings.DecodeNewTokens },
        };
        using var optimizer = FlatAdamW.Create(policy, stage.Optimizer);
        var prompts = RandomPrompts(settings.GrpoPrompts, settings.DecodePromptLength, tokenizer.VocabSize, seed: 7);
        var requests = prompts.SelectMany(p => Enumerable.Range(0, settings.GroupSize).Select(g => p with { Seed = SeedMixer.Mix(p.Seed, (ulong)g) })).ToList();
        var clock = Stopwatch.StartNew();
        var completions = sampler.Generate(requests, new SamplingOptions { MaxNewTokens = settings.DecodeNewTokens, StopAtEos = false }, cancellationToken);
        using var scope = NewDisposeScope();
        var length = settings.DecodePromptLength + settings.DecodeNewTokens;
        var tokens = new long[requests.Count * length];
        var mask = new float[requests.Count * length];
        var random = new DeterministicRandom(9);
        var advantages = new float[requests.Count * length];
        for (var row = 0; row < requests.Count; row++)
        {
            var sequence = requests[row].PromptIds.Concat(completions[row].TokenIds).ToArray();
            var advantage = (float)((2 * random.NextDouble()) - 1);
            for (var t = 0; t < sequence.Length; t++)
            {
                tokens[(row * length) + t] = sequence[t];
                var completion = t >= settings.DecodePromptLength;
                mask[(row * length) + t] = completion ? 1 : 0;
                advantages[(row * length) + t] = completion ? advantage : 0;
            }
        }

        var device = policy.Device;
        var sequences = tensor(tokens, [requests.Count, length], dtype: ScalarType.Int64, device: device);
        var completionMask = tensor(mask, [requests.Count, length], device: device);
        var tokenAdvantages = tensor(advantages, [requests.Count, length], device: device);
        var refLogProbs = LogProbScorer.ScoreWithoutGrad(policy, sequences, completionMask, settings.MinibatchSize).LogProbs;
        policy.train();
        PolicyUpdate.Run(
            new UpdateBatch(completionMask, tokenAdvantages, refLogProbs, ImportanceWeights: null, refLogProbs),
            index => LogProbScorer.Score(policy, sequences.index_select(0, index), completionMask.index_select(0, index), withEntropy: true),
            GrpoTrainer.OptimizerStep(optimizer, stage.Optimizer.GradClip), GrpoTrainer.UpdateOptionsOf(stage), new DeterministicRandom(11), cancellationToken);
        return clock.Elapsed.TotalSeconds;
    }

    private static TextTokenizer BenchTokenizer(int vocabSize) =>
        TextTokenizer.CharacterLevel([string.Concat(Enumerable.Range(0, vocabSize - 3).Select(i => (char)(0x100 + i)))]);

    private static SampleRequest[] RandomPrompts(int count, int length, int vocabSize, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        return [.. Enumerable.Range(0, count).Select(i => new SampleRequest([.. Enumerable.Range(0, length).Select(_ => 3 + random.NextInt(vocabSize - 3))], (ulong)i))];
    }
}
