using ReasonRL.Core.Records;
using ReasonRL.Core.Rl;
using ReasonRL.Core.Text;
using ReasonRL.Training.Metrics;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// The per-step metrics of GRPO, named as TRL names them where it has a name (<c>reward</c>, <c>reward_std</c>,
/// <c>frac_reward_zero_std</c>, <c>rewards/&lt;verifier&gt;/mean</c>, <c>completions/mean_length</c>, <c>kl</c>, …),
/// plus pass rate, reflection rate, verdict flag rates, throughput and the step-time split.
/// </summary>
public static class GrpoMetrics
{
    public static Dictionary<string, double> Of(
        RolloutBatch batch, RewardScores scores, UpdateStatistics update, StepTimings timings, ReflectionDetector reflection,
        double learningRate, long cumulativeTokens, int droppedGroups, ISet<string> seenFlags)
    {
        var lengths = batch.Completions.Select(c => (double)c.TokenIds.Length).ToArray();
        var groupStds = Enumerable.Range(0, batch.Problems.Count)
            .Select(g => Statistics.StandardDeviation(scores.Rewards.AsSpan(g * batch.GroupSize, batch.GroupSize)))
            .ToArray();
        var metrics = new Dictionary<string, double>
        {
            [MetricNames.Reward] = scores.Rewards.Average(),
            [MetricNames.RewardStd] = groupStds.Average(),
            [MetricNames.FracRewardZeroStd] = groupStds.Count(s => s < 1e-9) / (double)groupStds.Length,
            [MetricNames.PassRate] = scores.Verdicts.Count(v => v.Verdict.IsCorrect) / (double)batch.Count,
            [MetricNames.ReflectionRate] = batch.Completions.Count(c => reflection.IsReflective(c.Text)) / (double)batch.Count,
            [MetricNames.CompletionsMeanLength] = lengths.Average(),
            [MetricNames.CompletionsMaxLength] = lengths.Max(),
            ["completions/min_length"] = lengths.Min(),
            [MetricNames.CompletionsClippedRatio] = batch.Completions.Count(RewardScores.Truncated) / (double)batch.Count,
            [MetricNames.Entropy] = update.Entropy,
            [MetricNames.ClipRatioLowMean] = update.Clip.LowMean,
            [MetricNames.ClipRatioHighMean] = update.Clip.HighMean,
            [MetricNames.ClipRatioRegionMean] = update.Clip.RegionMean,
            [MetricNames.Loss] = update.Loss,
            [MetricNames.GradNorm] = update.GradNorm,
            [MetricNames.LearningRate] = learningRate,
            [MetricNames.NumTokens] = cumulativeTokens,
            [MetricNames.StepTime] = timings.Total,
            [MetricNames.Time("sampling")] = timings.Sampling,
            [MetricNames.Time("verifying")] = timings.Verifying,
            [MetricNames.Time("rewarding")] = timings.StepRewards,
            [MetricNames.Time("scoring")] = timings.Scoring,
            [MetricNames.Time("updating")] = timings.Updating,
            [MetricNames.Time("evaluating")] = timings.Evaluating,
            ["tokens_per_s/sampling"] = batch.CompletionTokens / Math.Max(1e-9, timings.Sampling),
            ["tokens_per_s/training"] = update.TrainedTokens / Math.Max(1e-9, update.Seconds),
            ["errors"] = scores.Valid.Count(v => !v) / (double)batch.Count,
            ["dropped_groups"] = droppedGroups,
        };
        if (update.Kl is { } kl)
        {
            metrics[MetricNames.Kl] = kl; // measured only when the trainer has a reference
        }

        var names = scores.Verdicts[0].Names;
        for (var column = 0; column < names.Count; column++)
        {
            metrics[MetricNames.VerifierReward(names[column])] = scores.Verdicts.Average(v => v.Components[column].Reward);
        }

        // A flag, once seen in a run, is logged at every later step (0 when absent), so its curve is continuous.
        seenFlags.UnionWith(scores.Verdicts.SelectMany(v => v.Verdict.Flags));
        foreach (var flag in seenFlags)
        {
            metrics[MetricNames.FlagRate(flag)] = scores.Verdicts.Count(v => v.Verdict.Flags.Contains(flag)) / (double)batch.Count;
        }

        foreach (var outcome in Enum.GetValues<Outcome>())
        {
            metrics[$"outcomes/{Core.Json.SnakeCase.From(outcome.ToString())}"] = scores.Verdicts.Count(v => v.Verdict.Outcome == outcome) / (double)batch.Count;
        }

        return metrics;
    }
}
