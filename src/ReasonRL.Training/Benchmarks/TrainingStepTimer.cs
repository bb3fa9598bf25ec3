using System.Diagnostics;
using ReasonRL.Model;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Optimization;
using ReasonRL.Training.Recipes;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ReasonRL.Training.Benchmarks;

/// <summary>
/// Times full training steps of one model as the trainers take them — forward, cross-entropy, backward, gradient
/// clipping and the flat AdamW update, with the recipes' default optimizer settings — on a fixed random batch; in
/// float32, or in mixed precision (forward and backward on a <see cref="TrainingCopy"/> in bfloat16, the loss from
/// logits widened to float32, clipping and AdamW on the float32 masters).
/// </summary>
internal sealed class TrainingStepTimer : IDisposable
{
    private readonly TransformerModel _model;
    private readonly OptimizerSection _optimizerSettings = new() { LearningRate = 1e-4 };
    private readonly FlatAdamW _optimizer;
    private readonly TrainingCopy _training;
    private readonly Tensor _batch;   // (B, T + 1)
    private readonly Tensor _inputs;  // (B, T)
    private readonly Tensor _targets; // (B·T)
    private readonly List<double> _seconds = [];

    public TrainingStepTimer(TransformerModel model, int batchSize, ComputeDtype trainingDtype = ComputeDtype.Float32)
    {
        _model = model;
        var config = model.Config;
        _optimizer = FlatAdamW.Create(model, _optimizerSettings);
        _training = TrainingCopy.Of(model, _optimizer, trainingDtype);
        using var generator = new Generator(2);
        _batch = randint(0, config.VocabSize, [batchSize, config.ContextLength + 1], dtype: ScalarType.Int64, generator: generator);
        _inputs = _batch.narrow(1, 0, config.ContextLength);
        _targets = _batch.narrow(1, 1, config.ContextLength).reshape(-1);
        TokensPerStep = batchSize * (long)config.ContextLength;
        _training.Model.train();
    }

    public long TokensPerStep { get; }

    /// <summary>Tokens per second of the fastest timed step.</summary>
    public double BestTokensPerSecond => TokensPerStep / _seconds.Min();

    /// <summary>Tokens per second of the median timed step.</summary>
    public double MedianTokensPerSecond => TokensPerStep / _seconds.Order().ElementAt(_seconds.Count / 2);

    /// <summary>Takes one step; a timed one is recorded, an untimed one (the warm-up) is not.</summary>
    public void Step(bool timed)
    {
        using var scope = NewDisposeScope();
        var clock = Stopwatch.StartNew();
        var logits = _training.Model.forward(_inputs).to_type(ScalarType.Float32);         // (B, T, vocab)
        var loss = F.cross_entropy(logits.view(-1, _model.Config.VocabSize), _targets);
        _training.Step(loss, _optimizerSettings.GradClip);
        if (timed)
        {
            _seconds.Add(clock.Elapsed.TotalSeconds);
        }
    }

    public void Dispose()
    {
        _training.Dispose();
        _optimizer.Dispose();
        _targets.Dispose();
        _inputs.Dispose();
        _batch.Dispose();
    }
}
