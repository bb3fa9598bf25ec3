using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ReasonRL.Core.Randomness;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Losses;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Optimization;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Stages;
using ReasonRL.Training.Supervised;
using static TorchSharp.torch;

namespace ReasonRL.Training.Distillation;

/// <summary>Everything a logit-level distillation run works with, built by the stage runner.</summary>
/// <param name="Student">Trained.</param>
/// <param name="Teacher">Frozen; same tokenizer as the student.</param>
public sealed record DistillSetup(
    DistillStage Settings,
    string Stage,
    ulong Seed,
    TransformerModel Student,
    TransformerModel Teacher,
    TextTokenizer Tokenizer,
    DistillSequences Sequences,
    StageCheckpoints Checkpoints,
    string Folder);

/// <summary>
/// Generalised knowledge distillation (GKD, Agarwal et al., arXiv 2306.13649, Algorithm 1), one step at a time:
/// draw u ~ U(0, 1) → sequences (student-generated when u &lt; λ, else off-policy) → teacher and student logits on
/// the same tokens → divergence on completion positions → optimizer step → log. Departures from the paper's box: the
/// off-policy sequences are a dataset's completions or the teacher's own samples (GKD's "fixed dataset" of outputs);
/// one gradient step per batch.
/// </summary>
public sealed class DistillTrainer(ILogger logger)
{
    public Dictionary<string, double> Train(DistillSetup setup, bool resume, CancellationToken cancellationToken)
    {
        var settings = setup.Settings;
        using var optimizer = FlatAdamW.Create(setup.Student, settings.Optimizer);
        var compute = new ComputeMeter();
        var start = 0;
        if (resume && setup.Checkpoints.Latest() is { } latest)
        {
            var state = StageCheckpoints.Restore(latest, setup.Student, optimizer);
            start = state.Step;
            compute.Restore(state.Values);
            logger.LogInformation("{Stage}: resuming at step {Step} from {Checkpoint}", setup.Stage, start, latest);
        }

        using var metrics = new MetricsWriter(Path.Combine(setup.Folder, "metrics.jsonl"), Path.Combine(setup.Folder, "tensorboard"), resume ? start : null);
        setup.Teacher.eval();
        var clock = Stopwatch.StartNew();
        var last = new Dictionary<string, double>();
        for (var step = start; step < settings.Steps; step++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                SaveCheckpoint(setup, step, optimizer, compute);
                cancellationToken.ThrowIfCancellationRequested();
            }

            var stepClock = Stopwatch.StartNew();
            var learningRate = LearningRate.At(step, settings.Steps, settings.Optimizer);
            optimizer.LearningRate = learningRate;

            // 1. On-policy with probability λ: a pure function of (seed, step), so a resumed run draws the same.
            var onPolicy = new DeterministicRandom(SeedMixer.Mix(SeedMixer.Mix(setup.Seed, "lambda"), (ulong)step)).NextDouble() < settings.Lambda;

            // 2. The step's sequences: the student's own samples, or the off-policy completions.
            var batch = setup.Sequences.Batch(step, onPolicy, setup.Student, setup.Teacher, CancellationToken.None);
            if (onPolicy || settings.Problems is not null)
            {
                compute.Forward(onPolicy ? setup.Student : setup.Teacher, batch.Tokens);
            }

            // 3. Teacher and student next-token distributions on the same tokens, the divergence on completion positions.
            double loss, gradNorm;
            using (var scope = NewDisposeScope())
            {
                var (inputs, mask) = batch.Tensors(setup.Tokenizer.PadId, setup.Student.Device); // (B, L), (B, L)
                Tensor teacherLogits;
                using (no_grad())
                {
                    teacherLogits = setup.Teacher.forward(inputs).to_type(ScalarType.Float32); // (B, L, V)
                }

                setup.Student.train();
                var studentLogits = setup.Student.forward(inputs).to_type(ScalarType.Float32); // (B, L, V)
                var perToken = DistillationLoss.PerToken(studentLogits, teacherLogits, settings.Loss, settings.Beta, settings.Temperature);
                var stepLoss = MaskedMean.Of(perToken, mask);

                // 4. One optimizer step.
                optimizer.ZeroGrad();
                stepLoss.backward();
                gradNorm = optimizer.ClipGradNorm(settings.Optimizer.GradClip);
                optimizer.Step();
                loss = stepLoss.item<float>();
            }

            compute.Forward(setup.Teacher, batch.Tokens);
            compute.Train(setup.Student, batch.Tokens);

            // 5. Log.
            var done = step + 1;
            var row = new Dictionary<string, double>
            {
                [MetricNames.Loss] = loss,
                ["on_policy"] = onPolicy ? 1 : 0,
                [MetricNames.CompletionsMeanLength] = batch.MeanCompletionLength,
                [MetricNames.LearningRate] = learningRate,
                [MetricNames.GradNorm] = gradNorm,
                [MetricNames.NumTokens] = compute.TokenCount,
                [MetricNames.StepTime] = stepClock.Elapsed.TotalSeconds,
            };
            metrics.Write(done, row);
            last = row;
            if (done % settings.LogEvery == 0 || done == settings.Steps)
            {
                var eta = TimeSpan.FromSeconds((settings.Steps - done) * clock.Elapsed.TotalSeconds / (done - start));
                logger.LogInformation(
                    "{Stage} step {Step}/{Steps} {Divergence} {Loss:F4} ({Policy}) len {Length:F0} lr {LearningRate:G3} ETA {Eta}",
                    setup.Stage, done, settings.Steps, settings.Loss, loss, onPolicy ? "student samples" : "off-policy", batch.MeanCompletionLength, learningRate, Eta.Format(eta));
            }

            if (done % settings.CheckpointEvery == 0 && done < settings.Steps)
            {
                SaveCheckpoint(setup, done, optimizer, compute);
            }
        }

        foreach (var (name, value) in compute.Totals())
        {
            last[name] = value;
        }

        return last;
    }

    private void SaveCheckpoint(DistillSetup setup, int step, FlatAdamW optimizer, ComputeMeter compute)
    {
        setup.Checkpoints.Save(new TrainerState { Stage = setup.Stage, Step = step, Seed = setup.Seed, Values = compute.Totals() }, setup.Student, setup.Tokenizer, optimizer);
        logger.LogInformation("{Stage}: checkpoint at step {Step}", setup.Stage, step);
    }
}
