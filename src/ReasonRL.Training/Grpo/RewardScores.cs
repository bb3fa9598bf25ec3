using ReasonRL.Core.Records;
using ReasonRL.Core.Rl;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Sampling;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// The verifiers' judgement of a rollout batch: per completion, the weighted total reward (plus DAPO's overlong
/// penalty when enabled, measured against the row's own length limit), each verifier's own column, and the composed verdict. A completion whose verification
/// failed (<see cref="Outcome.Error"/>) is marked invalid: it takes no part in advantages or the loss, because an
/// infrastructure failure is missing data, not a score.
/// </summary>
public sealed record RewardScores(double[] Rewards, IReadOnlyList<ComposedVerdict> Verdicts, bool[] Valid)
{
    public static async Task<RewardScores> ScoreAsync(
        RolloutBatch batch, RewardComposer composer, int overlongCacheLength, CancellationToken cancellationToken)
    {
        var problems = Enumerable.Range(0, batch.Count).Select(batch.ProblemOf).ToArray();
        var verdicts = await VerifyAsync(problems, batch.Completions, composer, cancellationToken).ConfigureAwait(false);
        return From(batch, verdicts, overlongCacheLength);
    }

    /// <summary>Each completion's composed verdict against its problem, up to the composer's concurrency at once.</summary>
    public static async Task<ComposedVerdict[]> VerifyAsync(
        IReadOnlyList<Problem> problems, IReadOnlyList<SampledCompletion> completions, RewardComposer composer, CancellationToken cancellationToken)
    {
        var verdicts = new ComposedVerdict[completions.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = composer.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, completions.Count, options, async (i, token) =>
            verdicts[i] = await composer.ScoreAsync(problems[i], completions[i].Text, token).ConfigureAwait(false)).ConfigureAwait(false);
        return verdicts;
    }

    /// <summary>The rewards of a batch whose completions have their verdicts (one per completion, in order).</summary>
    public static RewardScores From(RolloutBatch batch, IReadOnlyList<ComposedVerdict> verdicts, int overlongCacheLength)
    {
        var rewards = new double[batch.Count];
        var valid = new bool[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            valid[i] = verdicts[i].Verdict.Outcome != Outcome.Error;
            rewards[i] = verdicts[i].Verdict.Reward;
            if (overlongCacheLength > 0)
            {
                // Against the row's own limit: a row the context cut at 100 tokens is overlong at 100, whatever max_new_tokens says.
                var completion = batch.Completions[i];
                rewards[i] += OverlongPenalty.Of(completion.TokenIds.Length, completion.MaxNewTokens, Math.Min(overlongCacheLength, completion.MaxNewTokens));
            }
        }

        return new RewardScores(rewards, verdicts, valid);
    }

    public static bool Truncated(SampledCompletion completion) => completion.StopReason == StopReason.Length;

    /// <summary>Per completion, 1 if its verdict is correct, else 0: the signal of DAPO's dynamic sampling.</summary>
    public double[] Correctness => [.. Verdicts.Select(v => v.Verdict.IsCorrect ? 1.0 : 0.0)];

    /// <summary>The scores of the completions <paramref name="rows"/>, in that order.</summary>
    public RewardScores Select(IReadOnlyList<int> rows) =>
        new([.. rows.Select(i => Rewards[i])], [.. rows.Select(i => Verdicts[i])], [.. rows.Select(i => Valid[i])]);

    /// <summary>Several score lists one after the other.</summary>
    public static RewardScores Concat(IReadOnlyList<RewardScores> parts) =>
        new([.. parts.SelectMany(p => p.Rewards)], [.. parts.SelectMany(p => p.Verdicts)], [.. parts.SelectMany(p => p.Valid)]);
}
