using System.Diagnostics;
using ReasonRL.Core.Randomness;
using ReasonRL.Model.Scoring;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Losses;
using ReasonRL.Training.Optimization;
using ReasonRL.Training.Recipes;
using static TorchSharp.torch;

namespace ReasonRL.Training.Grpo;

/// <summary>What one step's update passes measured (means over minibatches; per-token values over trained tokens; KL only with a reference).</summary>
public sealed record UpdateStatistics(double Loss, double? Kl, double Entropy, ClipStatistics Clip, double GradNorm, long TrainedTokens, double Seconds);

/// <summary>
/// The optimisation part of a GRPO step: μ passes over the rollout batch, each in seeded random minibatches; per
/// minibatch the clipped surrogate with the k3 KL penalty (DeepSeekMath eq. 3), aggregated by the configured mode,
/// one optimizer step. With μ = 1 the ratio is exactly 1 and π_old is the detached policy itself; with μ &gt; 1
/// π_old is the sampler's log-probs of the tokens it drew (the same softmax(logits / T) the scorer computes).
/// </summary>
public static class PolicyUpdate
{
    /// <param name="sequences">(N, T) prompt + completion of every row.</param>
    /// <param name="completionMask">(N, T) 1 on trained completion tokens.</param>
    /// <param name="advantages">(N, T) per-token advantages.</param>
    /// <param name="oldLogProbs">(N, T) π_old log-probs, used when μ &gt; 1.</param>
    /// <param name="refLogProbs">(N, T) reference log-probs, null when β = 0.</param>
    public static UpdateStatistics Run(
        TransformerModel policy, FlatAdamW optimizer, GrpoStage settings, Tensor sequences, Tensor completionMask, Tensor advantages,
        Tensor oldLogProbs, Tensor? refLogProbs, DeterministicRandom shuffle, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rows = (int)sequences.shape[0];
        double loss = 0, kl = 0, entropy = 0, low = 0, high = 0, gradNorm = 0;
        var minibatches = 0;
        long tokens = 0;
        policy.train();
        for (var pass = 0; pass < settings.UpdatesPerBatch; pass++)
        {
            var order = Enumerable.Range(0, rows).ToArray();
            shuffle.Shuffle(order);
            for (var start = 0; start < rows; start += settings.MinibatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var index = tensor(order.Skip(start).Take(settings.MinibatchSize).Select(i => (long)i).ToArray(), device: sequences.device);
                var mask = completionMask.index_select(0, index);
                var scores = LogProbScorer.Score(policy, sequences.index_select(0, index), mask, settings.Sampling.Temperature, withEntropy: true);
                var logProbs = scores.LogProbs;
                var old = settings.UpdatesPerBatch == 1 ? logProbs.detach() : oldLogProbs.index_select(0, index);
                var minibatchAdvantages = advantages.index_select(0, index);
                var perToken = PolicyLoss.ClippedSurrogate(logProbs, old, minibatchAdvantages, settings.ClipEpsilonLow, settings.ClipEpsilonHigh);
                var tokenCount = mask.sum().clamp_min(1.0);
                if (refLogProbs is not null)
                {
                    // At β = 0 the KL is only measured (MonitorKl), outside the graph.
                    var tokenKl = PolicyLoss.KlK3(settings.KlBeta > 0 ? logProbs : logProbs.detach(), refLogProbs.index_select(0, index));
                    if (settings.KlBeta > 0)
                    {
                        perToken = perToken + (settings.KlBeta * tokenKl);
                    }

                    kl += ((tokenKl.detach() * mask).sum() / tokenCount).item<float>();
                }

                var minibatchLoss = PolicyLoss.Aggregate(perToken, mask, settings.Loss, settings.Sampling.MaxNewTokens);
                optimizer.ZeroGrad();
                minibatchLoss.backward();
                gradNorm += optimizer.ClipGradNorm(settings.Optimizer.GradClip);
                optimizer.Step();

                var clip = ClipStatistics.Of(logProbs.detach(), old, minibatchAdvantages, mask, settings.ClipEpsilonLow, settings.ClipEpsilonHigh);
                loss += minibatchLoss.item<float>();
                entropy += ((scores.Entropy!.detach() * mask).sum() / tokenCount).item<float>();
                low += clip.LowMean;
                high += clip.HighMean;
                tokens += (long)mask.sum().item<float>();
                minibatches++;
            }
        }

        var n = Math.Max(1, minibatches);
        return new UpdateStatistics(
            loss / n, refLogProbs is null ? null : kl / n, entropy / n, new ClipStatistics(low / n, high / n, (low + high) / n), gradNorm / n, tokens, clock.Elapsed.TotalSeconds);
    }
}
