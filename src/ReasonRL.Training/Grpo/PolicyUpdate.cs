using System.Diagnostics;
using ReasonRL.Core.Randomness;
using ReasonRL.Model.Scoring;
using ReasonRL.Training.Losses;
using static TorchSharp.torch;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// The per-token tensors of a rollout batch the update reads, (N, T) each, aligned with the sequences' tokens.
/// </summary>
/// <param name="OldLogProbs">log π_old, the same for every minibatch of every pass.</param>
/// <param name="ImportanceWeights">TIS weights; null = none.</param>
/// <param name="RefLogProbs">null without a reference.</param>
public sealed record UpdateBatch(Tensor CompletionMask, Tensor Advantages, Tensor OldLogProbs, Tensor? ImportanceWeights, Tensor? RefLogProbs)
{
    public int Rows => (int)CompletionMask.shape[0];

    /// <summary>The rows <paramref name="index"/> (R) of every tensor.</summary>
    public UpdateBatch Select(Tensor index) => new(
        CompletionMask.index_select(0, index), Advantages.index_select(0, index), OldLogProbs.index_select(0, index),
        ImportanceWeights?.index_select(0, index), RefLogProbs?.index_select(0, index));
}

/// <summary>μ passes over the rollout batch in minibatches of <paramref name="MinibatchSize"/> rows, each step optimising <paramref name="Objective"/>.</summary>
public sealed record UpdateOptions(int UpdatesPerBatch, int MinibatchSize, ObjectiveOptions Objective);

/// <summary>What one step's update measured: means over minibatches of per-token means over trained tokens.</summary>
/// <param name="Kl">Only with a reference.</param>
/// <param name="StartGap">
/// |log π_θ − log π_old| on the first minibatch, before any optimizer step: 0 up to float rounding when π_old is the
/// policy being trained (the ratio starts at 1); with π_old from the sampler, the sampler/trainer gap.
/// </param>
/// <param name="MinibatchLosses">The loss of every minibatch, in order.</param>
public sealed record UpdateStatistics(
    double Loss, double? Kl, double Entropy, ClipStatistics Clip, double GradNorm, long TrainedTokens, double Seconds, TokenStatistics StartGap,
    IReadOnlyList<double> MinibatchLosses);

/// <summary>
/// Step 5 of GRPO, the optimisation: μ passes over the rollout batch, each in seeded random minibatches; per minibatch
/// the <see cref="GrpoObjective"/> with the batch's fixed π_old, and one optimizer step. From the second minibatch on
/// the policy has moved since it sampled the rows, so ρ ≠ 1 and the clip bounds how far each step goes.
/// </summary>
public static class PolicyUpdate
{
    /// <param name="scoreRows">The policy's log-probs and entropies (R, T) of the rows of an index (R), with grad.</param>
    /// <param name="optimizerStep">Backpropagates a loss, steps the optimizer, returns the gradient norm before clipping.</param>
    public static UpdateStatistics Run(
        UpdateBatch batch, Func<Tensor, TokenScores> scoreRows, Func<Tensor, double> optimizerStep, UpdateOptions options,
        DeterministicRandom shuffle, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var objective = options.Objective;
        var losses = new List<double>();
        var kls = new List<double>();
        var entropies = new List<double>();
        var clips = new List<ClipStatistics>();
        var gradNorms = new List<double>();
        TokenStatistics? startGap = null;
        long tokens = 0;
        for (var pass = 0; pass < options.UpdatesPerBatch; pass++)
        {
            var order = Enumerable.Range(0, batch.Rows).ToArray();
            shuffle.Shuffle(order);
            for (var start = 0; start < batch.Rows; start += options.MinibatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var index = tensor(order.Skip(start).Take(options.MinibatchSize).Select(i => (long)i).ToArray(), device: batch.CompletionMask.device);
                var minibatch = batch.Select(index);
                var mask = minibatch.CompletionMask;
                var scores = scoreRows(index);
                var terms = GrpoObjective.Compute(
                    new ObjectiveInputs(scores.LogProbs, minibatch.OldLogProbs, minibatch.Advantages, mask, minibatch.ImportanceWeights, minibatch.RefLogProbs), objective);
                startGap ??= TokenStatistics.Gap(scores.LogProbs, minibatch.OldLogProbs, mask);

                gradNorms.Add(optimizerStep(terms.Loss));

                losses.Add(terms.Loss.item<float>());
                if (terms.TokenKl is not null)
                {
                    kls.Add(MaskedMean.Value(terms.TokenKl, mask));
                }

                entropies.Add(MaskedMean.Value(scores.Entropy!, mask));
                clips.Add(ClipStatistics.Of(terms.Ratio, minibatch.Advantages, mask, objective.ClipEpsilonLow, objective.ClipEpsilonHigh));
                tokens += (long)mask.sum().item<float>();
            }
        }

        return new UpdateStatistics(
            Mean(losses), kls.Count > 0 ? Mean(kls) : null, Mean(entropies), ClipStatistics.Mean(clips), Mean(gradNorms), tokens, clock.Elapsed.TotalSeconds,
            startGap ?? default, losses);
    }

    private static double Mean(List<double> values) => values.Count == 0 ? 0 : values.Average();
}
