using ReasonRL.Core.Randomness;
using ReasonRL.Core.Rl;
using ReasonRL.Training.Rollout;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// Steps 1–2 of GRPO: sample G completions for each of B training prompts from the given policy version (the current
/// policy, or an older one under <c>max_staleness</c>) and verify them.
/// With dynamic sampling (DAPO §3.2) groups without signal are dropped and fresh prompts are sampled, up to
/// <c>max_refill_rounds</c> more rounds, until B groups are kept; on the last round groups are taken as they come, so
/// the batch is always full. Problems and seeds are a pure function of (run seed, step, slot, sample). Each round's
/// groups go to the workers as <c>rollout.partitions</c> units, and come back in order.
/// </summary>
public sealed class RolloutCollector(GrpoSetup setup, IRolloutWorkers workers)
{

    public async Task<Rollouts> SampleAndVerifyAsync(int step, SamplingPolicy policy, StepTimer timer, CancellationToken cancellationToken)
    {
        var settings = setup.Settings;
        var groups = settings.PromptsPerStep;
        var dynamic = settings.DynamicSampling != DynamicSampling.Off;
        var slotsPerStep = groups * (1 + (dynamic ? settings.MaxRefillRounds : 0));
        var sampled = new List<ScoredRollouts>();
        var kept = new List<(ScoredRollouts Round, int Group)>();
        var dropped = 0;
        for (var round = 0; kept.Count < groups; round++)
        {
            var slots = Enumerable.Range(round * groups, groups).ToList();
            var problems = slots.Select(slot => setup.Problems.Training(setup.Seed, step, slot, slotsPerStep)).ToList();
            var prompts = problems.Select(p => setup.Prompts.Ids(p.Prompt)).ToList();
            var seeds = slots.Select(slot => Enumerable.Range(0, settings.GroupSize).Select(s => SeedMixer.Mix(setup.Seed, (ulong)step, (ulong)slot, (ulong)s)).ToArray()).ToList();
            var units = RolloutUnit.Split(groups, settings.Rollout.Partitions).Select((range, index) => new RolloutUnit(
                step, round, index, policy.Version, [.. problems.Skip(range.Start).Take(range.Count)], [.. prompts.Skip(range.Start).Take(range.Count)],
                [.. seeds.Skip(range.Start).Take(range.Count)])).ToList();
            var results = await workers.RunAsync(units, policy, timer, cancellationToken).ConfigureAwait(false);
            var batch = new RolloutBatch(problems, prompts, [.. results.SelectMany(r => r.Completions)], settings.GroupSize);
            var scores = RewardScores.From(batch, [.. results.SelectMany(r => r.Verdicts)], settings.OverlongCacheLength);
            var rollouts = new ScoredRollouts(batch, scores);
            sampled.Add(rollouts);

            var lastRound = !dynamic || round == settings.MaxRefillRounds;
            var informative = Informative(rollouts, settings.DynamicSampling, settings.GroupSize);
            for (var g = 0; g < problems.Count && kept.Count < groups; g++)
            {
                if (informative[g] || lastRound)
                {
                    kept.Add((rollouts, g));
                }
                else
                {
                    dropped++;
                }
            }
        }

        var all = new ScoredRollouts(
            RolloutBatch.Concat([.. sampled.SelectMany(r => Enumerable.Range(0, r.Batch.Problems.Count).Select(g => (r.Batch, g)))], settings.GroupSize),
            RewardScores.Concat([.. sampled.Select(r => r.Scores)]));
        return new Rollouts(dynamic ? Select(kept, settings.GroupSize) : all, all, dropped, all.Batch.CompletionTokens, dynamic) { Work = workers.TakeStatistics() };
    }

    /// <summary>Per group: whether it carries signal for the chosen filter (every group when the filter is off).</summary>
    public static bool[] Informative(ScoredRollouts rollouts, DynamicSampling filter, int groupSize) => filter switch
    {
        DynamicSampling.Off => [.. Enumerable.Repeat(true, rollouts.Batch.Problems.Count)],
        DynamicSampling.Correctness => GroupFilter.Informative(rollouts.Scores.Correctness, groupSize),
        DynamicSampling.Reward => GroupFilter.Informative(rollouts.Scores.Rewards, groupSize),
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, null),
    };

    private static ScoredRollouts Select(IReadOnlyList<(ScoredRollouts Round, int Group)> groups, int groupSize) => new(
        RolloutBatch.Concat([.. groups.Select(g => (g.Round.Batch, g.Group))], groupSize),
        RewardScores.Concat([.. groups.Select(g => g.Round.Scores.Select([.. Enumerable.Range(g.Group * groupSize, groupSize)]))]));
}
