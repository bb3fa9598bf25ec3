using ReasonRL.Core.Rl;
using ReasonRL.Model.Tokenization;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// Process rewards from a step-checking verifier: the step marks of each completion's verdict (character offsets,
/// correct or not) become rewards by a <see cref="StepRewardScheme"/> and are placed on the token that ends each
/// step. The answer counts as a last step, ending at the completion's last token and correct when the outcome is,
/// so that direct answers and wrong final answers are judged too.
/// </summary>
public static class VerifiedStepRewards
{
    public static IReadOnlyList<IReadOnlyList<StepReward>> Of(RolloutBatch batch, RewardScores scores, TextTokenizer tokenizer, StepRewardScheme scheme)
    {
        var result = new IReadOnlyList<StepReward>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var completion = batch.Completions[i];
            var verdict = scores.Verdicts[i].Verdict;
            var marks = verdict.Steps ?? [];
            var correct = marks.Select(m => m.Correct).Append(verdict.IsCorrect).ToList();
            var rewards = scheme.Rewards(correct);
            var ends = StepAlignment.EndTokens(TokenCharacterEnds(tokenizer, completion.TokenIds), marks);
            var last = Math.Max(0, completion.TokenIds.Length - 1);
            result[i] = [.. ends.Select((end, j) => new StepReward(Math.Min(end, last), rewards[j])), new StepReward(last, rewards[^1])];
        }

        return result;
    }

    /// <summary>For each token, the characters of the decoded completion covered up to and including it.</summary>
    public static int[] TokenCharacterEnds(TextTokenizer tokenizer, IReadOnlyList<int> tokenIds)
    {
        var ends = new int[tokenIds.Count];
        var total = 0;
        for (var t = 0; t < tokenIds.Count; t++)
        {
            total += tokenizer.Decode([tokenIds[t]]).Length;
            ends[t] = total;
        }

        return ends;
    }
}
