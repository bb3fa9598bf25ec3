using ReasonRL.Core.Records;
using ReasonRL.Core.Rl;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Sampling;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// The verifiers' judgement of a rollout batch: per completion, the weighted total reward (plus DAPO's overlong
/// penalty when enabled), each verifier's own column, and the composed verdict. A completion whose verification
/// failed (<see cref="Outcome.Error"/>) is marked invalid: it takes no part in advantages or the loss, because an
/// infrastructure failure is missing data, not a score.
/// </summary>
public sealed record RewardScores(double[] Rewards, IReadOnlyList<ComposedVerdict> Verdicts, bool[] Valid)
{
    public static async Task<RewardScores> ScoreAsync(
        RolloutBatch batch, RewardComposer composer, int maxNewTokens, int overlongCacheLength, CancellationToken cancellationToken)
    {
        var verdicts = new ComposedVerdict[batch.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = composer.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, batch.Count, options, async (i, token) =>
            verdicts[i] = await composer.ScoreAsync(batch.ProblemOf(i), batch.Completions[i].Text, token).ConfigureAwait(false)).ConfigureAwait(false);

        var rewards = new double[batch.Count];
        var valid = new bool[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            valid[i] = verdicts[i].Verdict.Outcome != Outcome.Error;
            rewards[i] = verdicts[i].Verdict.Reward;
            if (overlongCacheLength > 0)
            {
                rewards[i] += OverlongPenalty.Of(batch.Completions[i].TokenIds.Length, maxNewTokens, overlongCacheLength);
            }
        }

        return new RewardScores(rewards, verdicts, valid);
    }

    public static bool Truncated(SampledCompletion completion) => completion.StopReason == StopReason.Length;
}
