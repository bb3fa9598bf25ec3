using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ReasonRL.Model;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Optimization;
using ReasonRL.Training.Recipes;
using static TorchSharp.torch;

namespace ReasonRL.Training.Supervised;

/// <summary>How long and how a supervised stage trains.</summary>
/// <param name="Stage">The stage's name (for logs and checkpoints).</param>
/// <param name="Steps">Optimizer steps.</param>
/// <param name="EvalLossEvery">Held-out loss every N steps (and at the end); 0: only at the end.</param>
/// <param name="EvalBatches">Held-out batches averaged for the eval loss.</param>
/// <param name="CheckpointEvery">A resumable checkpoint every N steps (and on Ctrl+C).</param>
/// <param name="LogEvery">A progress line every N steps.</param>
/// <param name="TrainingDtype">The dtype of forward and backward (<see cref="TrainingCopy"/>): bfloat16 trains a float32 model in mixed precision.</param>
public sealed record SupervisedSettings(
    string Stage, ulong Seed, int Steps, OptimizerSection Optimizer, int EvalLossEvery, int EvalBatches, int CheckpointEvery, int LogEvery,
    ComputeDtype TrainingDtype = ComputeDtype.Float32);

/// <summary>What a supervised run ended with.</summary>
public sealed record SupervisedOutcome(double FinalLoss, double EvalLoss, double TokensPerSecond, double Seconds);

/// <summary>
/// The loop shared by pretraining, SFT and sequence-level distillation: masked next-token cross-entropy, AdamW with
/// warmup and decay, gradient clipping, held-out loss, resumable checkpoints (Ctrl+C saves one), metrics and a
/// progress line with ETA. One dispose scope per step keeps native memory flat.
/// </summary>
public sealed class SupervisedTrainer(ILogger logger)
{
    public SupervisedOutcome Train(
        TransformerModel model, TextTokenizer tokenizer, IBatchSource train, IBatchSource? heldOut, SupervisedSettings settings,
        StageCheckpoints checkpoints, string metricsFolder, bool resume, CancellationToken cancellationToken)
    {
        using var optimizer = FlatAdamW.Create(model, settings.Optimizer);
        var start = 0;
        if (resume && checkpoints.Latest() is { } latest)
        {
            start = StageCheckpoints.Restore(latest, model, optimizer).Step;
            logger.LogInformation("{Stage}: resuming at step {Step} from {Checkpoint}", settings.Stage, start, latest);
        }

        using var training = TrainingCopy.Of(model, optimizer, settings.TrainingDtype); // after the resume: rounded from the restored masters
        using var metrics = new MetricsWriter(
            Path.Combine(metricsFolder, "metrics.jsonl"), Path.Combine(metricsFolder, "tensorboard"), resume ? start : null);
        var clock = Stopwatch.StartNew();
        var trainedTokens = 0L;
        var loss = double.NaN;
        var evalLoss = double.NaN;
        model.train();
        training.Model.train();
        for (var step = start; step < settings.Steps; step++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                SaveCheckpoint(settings, step, model, tokenizer, optimizer, checkpoints);
                cancellationToken.ThrowIfCancellationRequested();
            }

            var stepClock = Stopwatch.StartNew();
            var learningRate = LearningRate.At(step, settings.Steps, settings.Optimizer);
            optimizer.LearningRate = learningRate;
            double gradNorm;
            long tokens;
            using (var scope = NewDisposeScope())
            {
                var batch = train.Batch(step);
                var stepLoss = NextTokenLoss.Of(batch.Logits(training.Model), batch.Targets, batch.LossMask);
                gradNorm = training.Step(stepLoss, settings.Optimizer.GradClip);
                loss = stepLoss.item<float>();
                tokens = batch.TrainedTokens;
            }

            trainedTokens += tokens;
            var row = new Dictionary<string, double>
            {
                [MetricNames.Loss] = loss,
                [MetricNames.LearningRate] = learningRate,
                [MetricNames.GradNorm] = gradNorm,
                [MetricNames.TokensPerSecond] = tokens / stepClock.Elapsed.TotalSeconds,
                [MetricNames.StepTime] = stepClock.Elapsed.TotalSeconds,
            };
            var done = step + 1;
            var evaluatedNow = false;
            if (heldOut is not null && (done == settings.Steps || (settings.EvalLossEvery > 0 && done % settings.EvalLossEvery == 0)))
            {
                evalLoss = HeldOutLoss(model, heldOut, settings.EvalBatches);
                row[MetricNames.EvalLoss] = evalLoss;
                evaluatedNow = true;
            }

            metrics.Write(done, row);
            if (done % settings.LogEvery == 0 || done == settings.Steps)
            {
                var rate = trainedTokens / clock.Elapsed.TotalSeconds;
                var eta = TimeSpan.FromSeconds((settings.Steps - done) * clock.Elapsed.TotalSeconds / (done - start));
                logger.LogInformation(
                    "{Stage} step {Step}/{Steps} loss {Loss:F4}{EvalLoss} lr {LearningRate:G3} {Rate:F0} tok/s ETA {Eta}",
                    settings.Stage, done, settings.Steps, loss, evaluatedNow ? $" eval {evalLoss:F4}" : "", learningRate, rate, Eta.Format(eta));
            }

            if (done % settings.CheckpointEvery == 0 && done < settings.Steps)
            {
                SaveCheckpoint(settings, done, model, tokenizer, optimizer, checkpoints);
            }
        }

        return new SupervisedOutcome(loss, evalLoss, trainedTokens / Math.Max(1e-9, clock.Elapsed.TotalSeconds), clock.Elapsed.TotalSeconds);
    }

    /// <summary>Mean loss over the first <paramref name="batches"/> held-out batches, without grad.</summary>
    public static double HeldOutLoss(TransformerModel model, IBatchSource heldOut, int batches)
    {
        using var guard = no_grad();
        model.eval();
        var total = 0.0;
        for (var i = 0; i < batches; i++)
        {
            using var scope = NewDisposeScope();
            var batch = heldOut.Batch(i);
            total += NextTokenLoss.Of(batch.Logits(model), batch.Targets, batch.LossMask).item<float>();
        }

        model.train();
        return total / batches;
    }

    private void SaveCheckpoint(SupervisedSettings settings, int step, TransformerModel model, TextTokenizer tokenizer, FlatAdamW optimizer, StageCheckpoints checkpoints)
    {
        checkpoints.Save(new TrainerState { Stage = settings.Stage, Step = step, Seed = settings.Seed }, model, tokenizer, optimizer);
        logger.LogInformation("{Stage}: checkpoint at step {Step}", settings.Stage, step);
    }
}

/// <summary>Human-readable durations for progress lines: 45s, 3m12s, 1h05m.</summary>
public static class Eta
{
    public static string Format(TimeSpan duration) =>
        duration.TotalHours >= 1 ? $"{(int)duration.TotalHours}h{duration.Minutes:D2}m"
        : duration.TotalMinutes >= 1 ? $"{(int)duration.TotalMinutes}m{duration.Seconds:D2}s"
        : $"{Math.Max(0, (int)duration.TotalSeconds)}s";
}
