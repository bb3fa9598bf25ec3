using ReasonRL.Core.Randomness;
using ReasonRL.Model.Scoring;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Losses;
using static TorchSharp.torch;

namespace ReasonRL.Training.Tests.Grpo;

/// <summary>
/// The whole update (μ passes of shuffled minibatches, ratio against the fixed π_old, TIS weights, clipping, k1/k2/k3 KL,
/// GSPO's sequence ratio, the three aggregations, one SGD step per minibatch) against a loop-form reference written
/// here on plain arrays, as verl checks its vectorised losses. The policy is a table: the logits of row n at position
/// t are base[n, t] + b[t], with b (T × V) shared by all rows and trained, so every optimizer step moves the log-probs
/// of the minibatches after it.
/// </summary>
public class PolicyUpdateReferenceTests
{
    private const int Rows = 12, Length = 5, Vocabulary = 4, MinibatchSize = 4;
    private const double LearningRate = 0.5, ClipEpsilonLow = 0.2, ClipEpsilonHigh = 0.28, TisCap = 1.5;

    /// <summary>Random inputs: base logits, tokens, masks (1 to T tokens per row), advantages, and π_old, π_sampler, π_ref near π_θ.</summary>
    private sealed class Problem
    {
        public double[,,] Base = new double[Rows, Length, Vocabulary];
        public int[,] Tokens = new int[Rows, Length];
        public double[,] Mask = new double[Rows, Length];
        public double[,] Advantages = new double[Rows, Length];
        public double[,] Old = new double[Rows, Length];
        public double[,] Sampler = new double[Rows, Length];
        public double[,] Ref = new double[Rows, Length];

        public Problem(ulong seed)
        {
            var random = new DeterministicRandom(seed);
            double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            for (var n = 0; n < Rows; n++)
            {
                var length = 1 + (int)(random.NextDouble() * Length);
                var advantage = Normal();
                for (var t = 0; t < Length; t++)
                {
                    for (var v = 0; v < Vocabulary; v++)
                    {
                        Base[n, t, v] = Normal();
                    }

                    Tokens[n, t] = (int)(random.NextDouble() * Vocabulary);
                    Mask[n, t] = t < length ? 1 : 0;
                    Advantages[n, t] = advantage + (0.3 * Normal()); // per-token advantages, as process rewards give
                    var logProb = LogSoftmax(n, t, new double[Length, Vocabulary])[Tokens[n, t]];
                    Old[n, t] = Mask[n, t] * (logProb + (0.25 * Normal()));
                    Sampler[n, t] = Mask[n, t] * (Old[n, t] + (0.3 * Normal()));
                    Ref[n, t] = Mask[n, t] * (logProb + (0.3 * Normal()));
                }
            }
        }

        public double[] LogSoftmax(int n, int t, double[,] shared)
        {
            var logits = Enumerable.Range(0, Vocabulary).Select(v => Base[n, t, v] + shared[t, v]).ToArray();
            var max = logits.Max();
            var logSum = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
            return [.. logits.Select(l => l - logSum)];
        }

        public Tensor Tensor(double[,] values) => tensor(values.Cast<double>().Select(v => (float)v).ToArray()).reshape(Rows, Length);
    }

    public static TheoryData<RatioLevel, KlEstimator, double, KlPlacement, bool, LossAggregation, int> Cases => new()
    {
        { RatioLevel.Token, KlEstimator.K3, 0.04, KlPlacement.Loss, true, LossAggregation.Grpo, 2 },
        { RatioLevel.Token, KlEstimator.K1, 0.1, KlPlacement.Loss, false, LossAggregation.Dapo, 1 },
        { RatioLevel.Token, KlEstimator.K2, 0.1, KlPlacement.Loss, true, LossAggregation.DrGrpo, 2 },
        { RatioLevel.Sequence, KlEstimator.K3, 0.04, KlPlacement.Loss, true, LossAggregation.Grpo, 2 },
        { RatioLevel.Sequence, KlEstimator.K1, 0.1, KlPlacement.Loss, false, LossAggregation.Dapo, 3 },
        { RatioLevel.Token, KlEstimator.K3, 0.1, KlPlacement.Reward, true, LossAggregation.Grpo, 2 },
        { RatioLevel.Token, KlEstimator.K2, 0.0, KlPlacement.Loss, false, LossAggregation.Grpo, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_tensor_update_equals_the_loop_form_reference(
        RatioLevel level, KlEstimator estimator, double beta, KlPlacement placement, bool tis, LossAggregation aggregation, int updatesPerBatch)
    {
        using var scope = NewDisposeScope();
        var problem = new Problem(seed: 11);
        var kl = new KlPenalty(beta, estimator, placement);
        var objective = new ObjectiveOptions(ClipEpsilonLow, ClipEpsilonHigh, level, aggregation, MaxCompletionLength: Length, kl);
        var options = new UpdateOptions(updatesPerBatch, MinibatchSize, objective);

        // The tensor code: PolicyUpdate with a table policy and plain SGD.
        var baseLogits = tensor(problem.Base.Cast<double>().Select(v => (float)v).ToArray()).reshape(Rows, Length, Vocabulary);
        var tokens = tensor(problem.Tokens.Cast<int>().Select(v => (long)v).ToArray()).reshape(Rows, Length);
        var mask = problem.Tensor(problem.Mask);
        var shared = zeros(Length, Vocabulary).requires_grad_();
        var old = problem.Tensor(problem.Old);
        var batch = new UpdateBatch(mask, problem.Tensor(problem.Advantages), old,
            tis ? PolicyLoss.TruncatedImportanceWeights(old, problem.Tensor(problem.Sampler), TisCap) : null, problem.Tensor(problem.Ref));
        TokenScores ScoreRows(Tensor index)
        {
            var logProbs = (baseLogits.index_select(0, index) + shared).log_softmax(-1);                 // (R, T, V)
            var tokenLogProbs = logProbs.gather(2, tokens.index_select(0, index).unsqueeze(2)).squeeze(2); // (R, T)
            return new TokenScores(tokenLogProbs * mask.index_select(0, index), -(logProbs.exp() * logProbs).sum(-1));
        }

        double Sgd(Tensor loss)
        {
            shared.grad?.zero_();
            loss.backward();
            using var guard = no_grad();
            var norm = shared.grad!.norm().item<float>();
            shared.sub_(shared.grad! * LearningRate);
            return norm;
        }

        var statistics = PolicyUpdate.Run(batch, ScoreRows, Sgd, options, new DeterministicRandom(5), CancellationToken.None);

        // The loop form, on plain arrays.
        var (losses, expectedShared) = Reference(problem, level, kl, tis, aggregation, updatesPerBatch, new DeterministicRandom(5));

        Assert.Equal(updatesPerBatch * Rows / MinibatchSize, statistics.MinibatchLosses.Count);
        Assert.Equal(losses, statistics.MinibatchLosses, (a, b) => Math.Abs(a - b) < 2e-4);
        var actual = shared.detach().data<float>().ToArray();
        Assert.Equal(expectedShared.Cast<double>(), actual.Select(v => (double)v), (a, b) => Math.Abs(a - b) < 2e-4);
        Assert.NotEqual(0.0, actual.Max(Math.Abs)); // the policy moved
    }

    /// <summary>
    /// The update written out token by token: per minibatch the loss, its derivative with respect to each log-prob
    /// (worked out by hand below), the chain rule through the softmax into the shared logits, and an SGD step.
    /// </summary>
    private static (List<double> Losses, double[,] Shared) Reference(
        Problem p, RatioLevel level, KlPenalty kl, bool tis, LossAggregation aggregation, int updatesPerBatch, DeterministicRandom shuffle)
    {
        var shared = new double[Length, Vocabulary];
        var losses = new List<double>();
        for (var pass = 0; pass < updatesPerBatch; pass++)
        {
            var order = Enumerable.Range(0, Rows).ToArray();
            shuffle.Shuffle(order);
            for (var start = 0; start < Rows; start += MinibatchSize)
            {
                var rows = order.Skip(start).Take(MinibatchSize).ToArray();
                var loss = 0.0;
                var gradient = new double[Length, Vocabulary];
                var totalTokens = rows.Sum(n => Enumerable.Range(0, Length).Sum(t => p.Mask[n, t]));
                foreach (var n in rows)
                {
                    var tokenCount = Enumerable.Range(0, Length).Sum(t => p.Mask[n, t]);
                    var distributions = Enumerable.Range(0, Length).Select(t => p.LogSoftmax(n, t, shared)).ToArray();
                    var logProbs = Enumerable.Range(0, Length).Select(t => distributions[t][p.Tokens[n, t]]).ToArray();
                    // GSPO: s_n = exp(mean over the completion of log π_θ − log π_old), the value of every token's ratio.
                    var sequenceRatio = Math.Exp(Enumerable.Range(0, Length).Sum(t => p.Mask[n, t] * (logProbs[t] - p.Old[n, t])) / Math.Max(1, tokenCount));
                    for (var t = 0; t < Length; t++)
                    {
                        if (p.Mask[n, t] == 0)
                        {
                            continue;
                        }

                        // The aggregation's weight of this token in the minibatch loss.
                        var weight = aggregation switch
                        {
                            LossAggregation.Grpo => 1.0 / (rows.Length * tokenCount),
                            LossAggregation.Dapo => 1.0 / totalTokens,
                            LossAggregation.DrGrpo => 1.0 / (rows.Length * (double)Length),
                            _ => throw new ArgumentOutOfRangeException(nameof(aggregation)),
                        };
                        var ratio = level == RatioLevel.Token ? Math.Exp(logProbs[t] - p.Old[n, t]) : sequenceRatio;
                        var advantage = p.Advantages[n, t];
                        var w = tis ? Math.Min(Math.Exp(p.Old[n, t] - p.Sampler[n, t]), TisCap) : 1.0;
                        var clipped = Math.Clamp(ratio, 1 - ClipEpsilonLow, 1 + ClipEpsilonHigh);
                        var unclippedChosen = ratio * advantage <= clipped * advantage;
                        var tokenLoss = -w * Math.Min(ratio * advantage, clipped * advantage);
                        // ∂ρ/∂log π_θ(y_t) = ρ for a token ratio, and s_n for GSPO-token (its own token only); the clipped
                        // branch, when it is the minimum, has no gradient.
                        var dLossDLogProb = unclippedChosen ? -w * advantage * ratio : 0.0;
                        if (kl.InLoss)
                        {
                            var d = logProbs[t] - p.Ref[n, t]; // −log r
                            tokenLoss += kl.Beta * kl.Estimator switch
                            {
                                KlEstimator.K1 => d,
                                KlEstimator.K2 => 0.5 * d * d,
                                KlEstimator.K3 => Math.Exp(-d) + d - 1,
                                _ => throw new ArgumentOutOfRangeException(nameof(kl)),
                            };
                            dLossDLogProb += kl.Beta * kl.Estimator switch
                            {
                                KlEstimator.K1 => 1,
                                KlEstimator.K2 => d,
                                KlEstimator.K3 => 1 - Math.Exp(-d),
                                _ => throw new ArgumentOutOfRangeException(nameof(kl)),
                            };
                        }

                        loss += weight * tokenLoss;
                        // ∂log softmax(z)[y]/∂z_v = 1[v = y] − p_v.
                        for (var v = 0; v < Vocabulary; v++)
                        {
                            gradient[t, v] += weight * dLossDLogProb * ((v == p.Tokens[n, t] ? 1 : 0) - Math.Exp(distributions[t][v]));
                        }
                    }
                }

                losses.Add(loss);
                for (var t = 0; t < Length; t++)
                {
                    for (var v = 0; v < Vocabulary; v++)
                    {
                        shared[t, v] -= LearningRate * gradient[t, v];
                    }
                }
            }
        }

        return (losses, shared);
    }
}
