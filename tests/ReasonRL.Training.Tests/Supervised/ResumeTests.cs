using Microsoft.Extensions.Logging.Abstractions;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Model;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Corpus;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Stages;
using ReasonRL.Training.Supervised;
using ReasonRL.Training.Tests.Corpus;

namespace ReasonRL.Training.Tests.Supervised;

public sealed class ResumeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-resume-").FullName;
    private static readonly TaskFamilyRegistry Families = new([new AdditionFamily()]);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Cancels its token when the trainer asks for the batch of a given step, i.e. while that step runs.</summary>
    private sealed class InterruptingBatches(IBatchSource inner, int step, CancellationTokenSource cancellation) : IBatchSource
    {
        public TokenBatch Batch(int index)
        {
            if (index == step)
            {
                cancellation.Cancel();
            }

            return inner.Batch(index);
        }
    }

    private IReadOnlyList<double> Train(
        string name, int steps, Func<IBatchSource, IBatchSource>? wrap = null, CancellationToken cancellation = default, bool resume = false,
        ComputeDtype trainingDtype = ComputeDtype.Float32)
    {
        var tokenizer = ModelVocabulary.For(Families);
        using var model = TransformerModel.Create(
            TransformerConfig.FromPreset(ModelPreset.Tiny, tokenizer.VocabSize, 32), seed: 5);
        var corpus = new CorpusBuilder(Families, new CorpusSection { Families = [new FamilyMix { Family = "addition" }] });
        IBatchSource batches = new PackedCorpusBatches(corpus, tokenizer, batchSize: 4, contextLength: 32, seed: 11, Split.Train);
        var folder = Path.Combine(_folder, name);
        var settings = new SupervisedSettings("base", 1, steps, new OptimizerSection { LearningRate = 1e-2, WarmupSteps = 2 }, 0, 1, CheckpointEvery: 4, LogEvery: 100, trainingDtype);
        new SupervisedTrainer(NullLogger.Instance).Train(
            model, tokenizer, wrap?.Invoke(batches) ?? batches, null, settings, new StageCheckpoints(folder), folder, resume, cancellation);
        return [.. MetricsFile.Read(Path.Combine(folder, "metrics.jsonl")).Select(r => r[MetricNames.Loss])];
    }

    [Theory]
    [InlineData(ComputeDtype.Float32)]
    [InlineData(ComputeDtype.Bfloat16)] // mixed precision: the bfloat16 copy is rounded again from the restored masters
    public void A_run_stopped_mid_way_and_resumed_logs_the_same_losses_as_an_uninterrupted_run(ComputeDtype trainingDtype)
    {
        var uninterrupted = Train("straight", steps: 10, trainingDtype: trainingDtype);

        using var cancellation = new CancellationTokenSource();
        Assert.Throws<OperationCanceledException>(() =>
            Train("interrupted", steps: 10, batches => new InterruptingBatches(batches, 6, cancellation), cancellation.Token, trainingDtype: trainingDtype));
        // Ctrl+C after step 7 started: that step finishes, a checkpoint is saved at 7, and the run stops.
        Assert.True(Directory.Exists(Path.Combine(_folder, "interrupted", "checkpoints", "step-000007")));
        var resumed = Train("interrupted", steps: 10, resume: true, trainingDtype: trainingDtype);

        Assert.Equal(10, uninterrupted.Count);
        Assert.Equal(uninterrupted, resumed);
    }

    [Fact]
    public void Pretraining_in_mixed_precision_learns_like_float32()
    {
        var float32 = Train("f32", steps: 30);
        var bfloat16 = Train("bf16", steps: 30, trainingDtype: ComputeDtype.Bfloat16);

        // The first loss is the same model's on the same batch, up to bfloat16 rounding of weights and activations.
        Assert.InRange(Math.Abs(bfloat16[0] - float32[0]), 0, 0.05);
        Assert.True(bfloat16.TakeLast(5).Average() < bfloat16.Take(5).Average() - 0.5, $"loss did not fall: {string.Join(", ", bfloat16.Select(l => l.ToString("F3")))}");
        Assert.InRange(bfloat16.TakeLast(5).Average() - float32.TakeLast(5).Average(), -0.15, 0.15);
    }
}
