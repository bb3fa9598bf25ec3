using ReasonRL.Core.Rl;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// Per-token advantages of a rollout batch, as the loss consumes them: the outcome advantage repeated over every
/// token of its completion (DeepSeekMath §4.1.2), the process advantage of each token (§4.1.3), or their sum.
/// </summary>
public static class TokenAdvantages
{
    /// <param name="stepRewards">Per completion, its token-aligned step rewards; needed for process advantages.</param>
    /// <param name="credit">How the step rewards ahead of a token make its process advantage (sum, or PURE's minimum).</param>
    /// <returns>Per completion, one advantage per completion token.</returns>
    public static float[][] Build(
        RolloutBatch batch, RewardScores scores, AdvantageKind kind, AdvantageScale scale, IReadOnlyList<IReadOnlyList<StepReward>>? stepRewards,
        CreditAssignment credit = CreditAssignment.Sum)
    {
        var lengths = batch.Completions.Select(c => c.TokenIds.Length).ToArray();
        var perToken = lengths.Select(n => new float[n]).ToArray();
        if (kind is AdvantageKind.Outcome or AdvantageKind.OutcomeAndProcess)
        {
            var outcome = OutcomeAdvantages.Compute(scores.Rewards, batch.GroupSize, scale, valid: scores.Valid);
            for (var i = 0; i < perToken.Length; i++)
            {
                Array.Fill(perToken[i], (float)outcome[i]);
            }
        }

        if (kind is AdvantageKind.Process or AdvantageKind.OutcomeAndProcess)
        {
            if (stepRewards is null)
            {
                throw new InvalidOperationException("process advantages need step rewards");
            }

            // A completion whose verification failed contributes no step rewards (and is not trained on).
            IReadOnlyList<IReadOnlyList<StepReward>> usable = [.. stepRewards.Select((s, i) => scores.Valid[i] ? s : [])];
            var process = ProcessAdvantages.Compute(usable, lengths, batch.GroupSize, credit: credit);
            for (var i = 0; i < perToken.Length; i++)
            {
                for (var t = 0; t < lengths[i]; t++)
                {
                    perToken[i][t] += (float)process[i][t];
                }
            }
        }

        return perToken;
    }
}
