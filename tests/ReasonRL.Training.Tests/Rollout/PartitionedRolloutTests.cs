using Microsoft.Extensions.Logging.Abstractions;
using ReasonRL.Core.Rl;
using ReasonRL.Model.Sampling;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Rollout;
using ReasonRL.Training.Tests.Grpo;

namespace ReasonRL.Training.Tests.Rollout;

/// <summary>
/// Runs each round's units concurrently and in reverse order, each on a policy replica of its own (a copy of the
/// trainer's weights), as cluster workers would: the metrics must not change.
/// </summary>
internal sealed class ScrambledWorkers(GrpoSetup setup) : IRolloutWorkers
{
    private readonly RolloutStatisticsBuilder _statistics = new();

    public async Task<IReadOnlyList<RolloutUnitResult>> RunAsync(IReadOnlyList<RolloutUnit> units, SamplingPolicy policy, StepTimer timer, CancellationToken cancellationToken)
    {
        var replicas = units.Select(_ => ReasonRL.Model.Transformer.TransformerModel.Create(setup.Policy.Config, seed: 99)).ToList();
        try
        {
            foreach (var replica in replicas)
            {
                Checkpoints.StageCheckpoints.CopyWeights(policy.Weights, replica);
            }

            var tasks = units.Reverse().Select(unit => Task.Run(() => RolloutUnitComputation.RunAsync(
                unit, new Sampler(replicas[unit.Index], setup.Tokenizer), setup.Settings.Sampling.ToOptions(), setup.Rewards, cancellationToken))).ToList();
            var results = (await Task.WhenAll(tasks)).OrderBy(r => r.Index).ToList();
            foreach (var result in results)
            {
                _statistics.Finished($"replica-{result.Index}", units[result.Index], result, result.SamplingSeconds + result.VerifyingSeconds, 0, 0);
            }

            return results;
        }
        finally
        {
            replicas.ForEach(r => r.Dispose());
        }
    }

    public RolloutStatistics TakeStatistics() => _statistics.Take();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class PartitionedRolloutTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-rollout-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<IReadOnlyList<IReadOnlyDictionary<string, double>>> RunAsync(string name, GrpoStage settings, bool scrambled)
    {
        var folder = Path.Combine(_folder, name);
        var setup = GrpoSmokeTests.Setup(folder, settings);
        setup = scrambled ? setup with { Workers = new ScrambledWorkers(setup) } : setup;
        using (setup.Policy)
        using (setup.Reference)
        {
            await new GrpoTrainer(NullLogger.Instance).TrainAsync(setup, resume: false, CancellationToken.None);
        }

        return MetricsFile.Read(Path.Combine(folder, "metrics.jsonl"));
    }

    private static Dictionary<string, double> Computed(IReadOnlyDictionary<string, double> row) =>
        row.Where(kv => !MetricNames.DependsOnPlacement(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);

    [Theory]
    [InlineData(DynamicSampling.Off)]
    [InlineData(DynamicSampling.Correctness)]
    public async Task Units_run_out_of_order_on_replicas_give_the_same_metrics_as_in_process(DynamicSampling dynamicSampling)
    {
        var settings = GrpoSmokeTests.Settings with { Steps = 3, DynamicSampling = dynamicSampling, Rollout = new RolloutSection { Partitions = 3 } };

        var local = await RunAsync("local", settings, scrambled: false);
        var scrambled = await RunAsync("scrambled", settings, scrambled: true);

        Assert.Equal(3, local.Count);
        Assert.Equal(local.Select(Computed), scrambled.Select(Computed));
        Assert.All(local, r => Assert.True(r[MetricNames.Rollout("units")] >= 3));
        Assert.All(scrambled, r => Assert.True(r[MetricNames.Rollout("workers")] >= 3, "each unit ran on a replica of its own"));
    }

    [Fact]
    public async Task One_partition_in_process_is_one_batch_of_sampling_and_verification_as_before_units()
    {
        var settings = GrpoSmokeTests.Settings;
        var setup = GrpoSmokeTests.Setup(Path.Combine(_folder, "one-batch"), settings);
        using var policy = setup.Policy;
        const int step = 5;

        var rollouts = await new RolloutCollector(setup, LocalRolloutWorkers.For(setup)).SampleAndVerifyAsync(step, new SamplingPolicy(step, setup.Policy, setup.SamplingPolicy), new StepTimer(), CancellationToken.None);

        // The step before work units: every problem of the step, G seeds of (run seed, step, slot, sample) each, one
        // Generate call over all of them, then the verifiers.
        var problems = Enumerable.Range(0, settings.PromptsPerStep).Select(slot => setup.Problems.Training(setup.Seed, step, slot, settings.PromptsPerStep)).ToList();
        var prompts = problems.Select(p => setup.Prompts.Ids(p.Prompt)).ToList();
        var requests = problems.SelectMany((_, slot) => Enumerable.Range(0, settings.GroupSize)
            .Select(s => new SampleRequest(prompts[slot], ReasonRL.Core.Randomness.SeedMixer.Mix(setup.Seed, (ulong)step, (ulong)slot, (ulong)s)))).ToList();
        var completions = new Sampler(setup.Policy, setup.Tokenizer).Generate(requests, settings.Sampling.ToOptions());
        var expected = await RewardScores.ScoreAsync(new RolloutBatch(problems, prompts, completions, settings.GroupSize), setup.Rewards, settings.OverlongCacheLength, CancellationToken.None);

        var (batch, scores) = rollouts.Trained;
        Assert.Equal(problems.Select(p => p.Id), batch.Problems.Select(p => p.Id));
        Assert.Equal(completions.Select(c => c.TokenIds), batch.Completions.Select(c => c.TokenIds));
        Assert.Equal(completions.Select(c => c.LogProbs), batch.Completions.Select(c => c.LogProbs));
        Assert.Equal(expected.Rewards, scores.Rewards);
        Assert.True(completions.Select(c => string.Join(",", c.TokenIds)).Distinct().Count() > settings.PromptsPerStep, "the seeds vary the samples");
    }

    [Fact]
    public async Task One_partition_in_process_logs_one_unit_a_round_on_the_local_worker()
    {
        var rows = await RunAsync("one", GrpoSmokeTests.Settings with { Steps = 2 }, scrambled: false);

        Assert.All(rows, r =>
        {
            Assert.Equal(1, r[MetricNames.Rollout("units")]);
            Assert.Equal(1, r[MetricNames.Rollout("worker/local/units")]);
            Assert.Equal(0, r[MetricNames.Rollout("redispatched")]);
            Assert.True(r[MetricNames.Rollout("worker/local/tokens_per_s")] > 0);
        });
    }
}
