using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ReasonRL.Core.Prm;
using ReasonRL.Core.Randomness;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Optimization;
using ReasonRL.Training.Recipes;
using static TorchSharp.torch;

namespace ReasonRL.Training.Prm;

/// <summary>How long and how a process reward model trains.</summary>
public sealed record PrmTrainingSettings(
    string Stage, ulong Seed, int Steps, int BatchSize, OptimizerSection Optimizer, int EvalEvery, int LogEvery, ScoreAggregation Aggregation);

/// <summary>
/// Fits a process reward model to labelled solutions: seeded shuffled minibatches epoch after epoch, binary
/// cross-entropy at step ends (<see cref="PrmLoss"/>), AdamW with warmup and decay, gradient clipping; held-out
/// step accuracy, AUC and solution AUC (<see cref="PrmMetrics"/>) every few steps and at the end, all in
/// <c>metrics.jsonl</c> (held-out numbers as <c>eval/…</c>, by solution source as <c>eval/sampled/…</c> and
/// <c>eval/rendered/…</c>). One dispose scope per step. Not resumable mid-way: a stopped run trains again from its
/// saved labelled data, which is what costs.
/// </summary>
public sealed class PrmTrainer(ILogger logger)
{
    /// <returns>The final held-out metrics (without the <c>eval/</c> prefix).</returns>
    public Dictionary<string, double> Train(
        ProcessRewardModel model, PromptBuilder prompts, IReadOnlyList<PrmExample> train, IReadOnlyList<PrmExample> heldOut,
        PrmTrainingSettings settings, string folder, CancellationToken cancellationToken)
    {
        var context = model.Config.ContextLength;
        var tokenizer = prompts.Tokenizer;
        var sequences = train.Select(e => PrmSequence.Of(e, prompts, context)).OfType<PrmSequence>().ToList();
        if (sequences.Count == 0)
        {
            throw new InvalidOperationException($"{settings.Stage}: no training solution has a step within the context of {context} tokens");
        }

        var named = model.TrainableParameters().ToList();
        using var optimizer = FlatAdamW.Create(named, settings.Optimizer);
        using var metrics = new MetricsWriter(Path.Combine(folder, "metrics.jsonl"), Path.Combine(folder, "tensorboard"), null);
        var evaluation = Evaluate(model, prompts, heldOut, settings.Aggregation);
        metrics.Write(0, Prefixed(evaluation));
        logger.LogInformation("{Stage}: before training, held-out step accuracy {Accuracy:P1}, step AUC {Auc:F3}", settings.Stage, evaluation["step_accuracy"], evaluation["step_auc"]);

        var clock = Stopwatch.StartNew();
        var order = Enumerable.Range(0, sequences.Count).ToArray();
        var epoch = -1;
        model.train();
        for (var step = 0; step < settings.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stepClock = Stopwatch.StartNew();
            var first = (long)step * settings.BatchSize;
            if (first / sequences.Count != epoch)
            {
                epoch = (int)(first / sequences.Count);
                order = Enumerable.Range(0, sequences.Count).ToArray();
                new DeterministicRandom(SeedMixer.Mix(settings.Seed, (ulong)epoch)).Shuffle(order);
            }

            var learningRate = LearningRate.At(step, settings.Steps, settings.Optimizer);
            optimizer.LearningRate = learningRate;
            var batch = Enumerable.Range(0, settings.BatchSize).Select(k => sequences[order[(int)((first + k) % sequences.Count)]]).ToList();
            double loss, gradNorm;
            using (var scope = NewDisposeScope())
            {
                var (tokens, labels, weights) = PrmSequence.Batch(batch, tokenizer.PadId, model.Device);
                var stepLoss = PrmLoss.Of(model.forward(tokens).to_type(ScalarType.Float32), labels, weights);
                optimizer.ZeroGrad();
                stepLoss.backward();
                gradNorm = optimizer.ClipGradNorm(settings.Optimizer.GradClip);
                optimizer.Step();
                loss = stepLoss.item<float>();
            }

            var done = step + 1;
            var row = new Dictionary<string, double>
            {
                [MetricNames.Loss] = loss,
                [MetricNames.LearningRate] = learningRate,
                [MetricNames.GradNorm] = gradNorm,
                [MetricNames.Epoch] = (double)(first + settings.BatchSize) / sequences.Count,
                [MetricNames.StepTime] = stepClock.Elapsed.TotalSeconds,
            };
            if (done == settings.Steps || (settings.EvalEvery > 0 && done % settings.EvalEvery == 0))
            {
                evaluation = Evaluate(model, prompts, heldOut, settings.Aggregation);
                foreach (var (name, value) in Prefixed(evaluation))
                {
                    row[name] = value;
                }
            }

            metrics.Write(done, row);
            if (done % settings.LogEvery == 0 || done == settings.Steps)
            {
                var eta = TimeSpan.FromSeconds((settings.Steps - done) * clock.Elapsed.TotalSeconds / done);
                logger.LogInformation(
                    "{Stage} step {Step}/{Steps} loss {Loss:F4} held-out step accuracy {Accuracy:P1} AUC {Auc:F3} ETA {Eta}",
                    settings.Stage, done, settings.Steps, loss, evaluation["step_accuracy"], evaluation["step_auc"], Supervised.Eta.Format(eta));
            }
        }

        return evaluation;
    }

    /// <summary>Held-out metrics of the model on labelled solutions: overall, and by source when there are several.</summary>
    public static Dictionary<string, double> Evaluate(ProcessRewardModel model, PromptBuilder prompts, IReadOnlyList<PrmExample> examples, ScoreAggregation aggregation)
    {
        var kept = examples.Select(e => (Example: e, Sequence: PrmSequence.Of(e, prompts, model.Config.ContextLength)))
            .Where(k => k.Sequence is not null).ToList();
        var probabilities = ProcessRewardScorer.StepProbabilities(model, [.. kept.Select(k => k.Sequence!.Tokens)], [.. kept.Select(k => k.Sequence!.StepPositions)], prompts.Tokenizer.PadId);
        var scored = kept.Select((k, i) => (k.Example.Source, Steps: new ScoredSteps(probabilities[i], [.. k.Sequence!.Labels.Select(l => (double)l)], k.Example.Correct))).ToList();
        var result = PrmMetrics.Of([.. scored.Select(s => s.Steps)], aggregation);
        var sources = scored.Select(s => s.Source).Distinct().ToList();
        if (sources.Count > 1)
        {
            foreach (var source in sources)
            {
                var name = Core.Json.SnakeCase.From(source.ToString());
                foreach (var (metric, value) in PrmMetrics.Of([.. scored.Where(s => s.Source == source).Select(s => s.Steps)], aggregation, $"{name}/"))
                {
                    result[metric] = value;
                }
            }
        }

        return result;
    }

    private static Dictionary<string, double> Prefixed(Dictionary<string, double> evaluation) =>
        evaluation.ToDictionary(kv => MetricNames.Eval(kv.Key), kv => kv.Value);
}
