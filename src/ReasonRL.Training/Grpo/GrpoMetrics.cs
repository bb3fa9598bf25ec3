using ReasonRL.Core.Evaluation;
using ReasonRL.Core.Records;
using ReasonRL.Core.Rl;
using ReasonRL.Core.Text;
using ReasonRL.Training.Metrics;

namespace ReasonRL.Training.Grpo;

/// <summary>How closely the sampler's log-probs agree with the trainer's, and the importance weights that correct the difference.</summary>
/// <param name="Gap">|log π_trainer − log π_sampler| of the same tokens under the same (untruncated) distribution.</param>
/// <param name="ImportanceWeights">The TIS weights min(π_old/π_sampler, C); null without the correction.</param>
public sealed record SamplerAgreement(TokenStatistics Gap, TokenStatistics? ImportanceWeights)
{
    /// <summary>A mean gap above this (nats per token) is more than float rounding: the sampler and the trainer differ.</summary>
    public const double LargeMeanGap = 0.01;

    /// <summary>A gap above this on any token (a probability ratio beyond e) is worth a warning too.</summary>
    public const double LargeMaxGap = 1.0;

    /// <summary>What to tell the user when the gap is large, or null when it is not.</summary>
    public string? Warning(OldLogProbSource oldLogProbs) => Gap.Mean <= LargeMeanGap && Gap.Max <= LargeMaxGap
        ? null
        : $"the sampler's log-probs differ from the trainer's for the same tokens (mean {Gap.Mean:G3}, max {Gap.Max:G3} nats)"
          + (oldLogProbs == OldLogProbSource.Sampler
              ? "; with old_log_probs: sampler the ratio then starts away from 1: set old_log_probs: trainer, and keep sampler_correction: tis"
              : "; the TIS weights correct for it, but check the sampler's numerics and weights");
}

/// <summary>
/// The per-step metrics of GRPO, named as TRL names them where it has a name (<c>reward</c>, <c>reward_std</c>,
/// <c>frac_reward_zero_std</c>, <c>rewards/&lt;verifier&gt;/mean</c>, <c>completions/mean_length</c>, <c>kl</c>,
/// <c>sampling/sampling_logp_difference/mean</c>, …), plus pass rate, reflection rate, verdict flag rates, throughput
/// and the step-time split. What describes the policy's completions is measured over every sampled group; with dynamic
/// sampling the trained groups also get <c>kept/…</c> keys.
/// </summary>
public static class GrpoMetrics
{
    public static Dictionary<string, double> Of(
        Rollouts rollouts, UpdateStatistics update, SamplerAgreement agreement, StepTimings timings, ReflectionDetector reflection,
        double learningRate, long cumulativeTokens, ISet<string> seenFlags)
    {
        var metrics = Completions(rollouts.Sampled, reflection, seenFlags);
        if (rollouts.Filtered)
        {
            foreach (var (name, value) in Completions(rollouts.Trained, reflection, null))
            {
                metrics[MetricNames.Kept(name)] = value;
            }
        }

        var trained = rollouts.Trained.Batch;
        metrics[MetricNames.Entropy] = update.Entropy;
        metrics[MetricNames.ClipRatioLowMean] = update.Clip.LowMean;
        metrics[MetricNames.ClipRatioHighMean] = update.Clip.HighMean;
        metrics[MetricNames.ClipRatioRegionMean] = update.Clip.RegionMean;
        metrics[MetricNames.SamplingLogpDifferenceMean] = agreement.Gap.Mean;
        metrics[MetricNames.SamplingLogpDifferenceMax] = agreement.Gap.Max;
        if (agreement.ImportanceWeights is { } weights)
        {
            metrics[MetricNames.ImportanceSamplingRatioMin] = weights.Min;
            metrics[MetricNames.ImportanceSamplingRatioMean] = weights.Mean;
            metrics[MetricNames.ImportanceSamplingRatioMax] = weights.Max;
        }

        if (update.Kl is { } kl)
        {
            metrics[MetricNames.Kl] = kl; // measured only when the trainer has a reference
        }

        metrics[MetricNames.Loss] = update.Loss;
        metrics[MetricNames.GradNorm] = update.GradNorm;
        metrics[MetricNames.LearningRate] = learningRate;
        metrics[MetricNames.NumTokens] = cumulativeTokens;
        metrics[MetricNames.StepTime] = timings.Total;
        metrics[MetricNames.Time("sampling")] = timings.Sampling;
        metrics[MetricNames.Time("verifying")] = timings.Verifying;
        metrics[MetricNames.Time("rewarding")] = timings.StepRewards;
        metrics[MetricNames.Time("scoring")] = timings.Scoring;
        metrics[MetricNames.Time("updating")] = timings.Updating;
        metrics[MetricNames.Time("evaluating")] = timings.Evaluating;
        metrics["tokens_per_s/sampling"] = rollouts.SampledTokens / Math.Max(1e-9, timings.Sampling);
        metrics["tokens_per_s/training"] = update.TrainedTokens / Math.Max(1e-9, timings.Updating);
        metrics["trained_completions"] = trained.Count;
        metrics["dropped_groups"] = rollouts.DroppedGroups;
        foreach (var (name, value) in rollouts.Work.Metrics())
        {
            metrics[name] = value;
        }

        return metrics;
    }

    /// <summary>What describes a set of completions: rewards, pass rate, lengths, verdicts.</summary>
    /// <param name="seenFlags">Verdict flags seen so far in the run (updated here); null leaves flags out.</param>
    private static Dictionary<string, double> Completions(ScoredRollouts rollouts, ReflectionDetector reflection, ISet<string>? seenFlags)
    {
        var (batch, scores) = rollouts;
        var lengths = batch.Completions.Select(c => (double)c.TokenIds.Length).ToArray();
        var groupStds = Enumerable.Range(0, batch.Problems.Count)
            .Select(g => Statistics.StandardDeviation(scores.Rewards.AsSpan(g * batch.GroupSize, batch.GroupSize)))
            .ToArray();
        var split = ReflectionSplit.Of(batch.Completions.Select((c, i) => (reflection.IsReflective(c.Text), scores.Verdicts[i].Verdict.IsCorrect)));
        var metrics = new Dictionary<string, double>
        {
            [MetricNames.Reward] = scores.Rewards.Average(),
            [MetricNames.RewardStd] = groupStds.Average(),
            [MetricNames.FracRewardZeroStd] = groupStds.Count(s => s < 1e-9) / (double)groupStds.Length,
            [MetricNames.PassRate] = scores.Verdicts.Count(v => v.Verdict.IsCorrect) / (double)batch.Count,
            [MetricNames.ReflectionRate] = split.Reflective / (double)batch.Count,
            [MetricNames.CompletionsMeanLength] = lengths.Average(),
            [MetricNames.CompletionsMaxLength] = lengths.Max(),
            ["completions/min_length"] = lengths.Min(),
            [MetricNames.CompletionsClippedRatio] = batch.Completions.Count(RewardScores.Truncated) / (double)batch.Count,
            ["errors"] = scores.Valid.Count(v => !v) / (double)batch.Count,
        };

        if (split.ReflectivePassRate is { } reflective)
        {
            metrics[MetricNames.ReflectivePassRate] = reflective;
        }

        if (split.NonReflectivePassRate is { } nonReflective)
        {
            metrics[MetricNames.NonReflectivePassRate] = nonReflective;
        }

        var names = scores.Verdicts[0].Names;
        for (var column = 0; column < names.Count; column++)
        {
            metrics[MetricNames.VerifierReward(names[column])] = scores.Verdicts.Average(v => v.Components[column].Reward);
        }

        foreach (var outcome in Enum.GetValues<Outcome>())
        {
            metrics[$"outcomes/{Core.Json.SnakeCase.From(outcome.ToString())}"] = scores.Verdicts.Count(v => v.Verdict.Outcome == outcome) / (double)batch.Count;
        }

        if (seenFlags is not null)
        {
            // A flag, once seen in a run, is logged at every later step (0 when absent), so its curve is continuous.
            seenFlags.UnionWith(scores.Verdicts.SelectMany(v => v.Verdict.Flags));
            foreach (var flag in seenFlags)
            {
                metrics[MetricNames.FlagRate(flag)] = scores.Verdicts.Count(v => v.Verdict.Flags.Contains(flag)) / (double)batch.Count;
            }
        }

        return metrics;
    }
}
