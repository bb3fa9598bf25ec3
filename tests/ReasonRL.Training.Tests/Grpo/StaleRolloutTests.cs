using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using ReasonRL.Core;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Rollout;
using static TorchSharp.torch;

namespace ReasonRL.Training.Tests.Grpo;

/// <summary>In-process workers that note, for every round, the step, the version the units name and a hash of the weights they are handed.</summary>
internal sealed class RecordingWorkers(IRolloutWorkers inner) : IRolloutWorkers
{
    public ConcurrentQueue<(int Step, int Version, TransformerModel Weights, string Hash)> Rounds { get; } = new();

    public Task<IReadOnlyList<RolloutUnitResult>> RunAsync(IReadOnlyList<RolloutUnit> units, SamplingPolicy policy, StepTimer timer, CancellationToken cancellationToken)
    {
        Assert.All(units, u => Assert.Equal(policy.Version, u.PolicyVersion));
        Rounds.Enqueue((units[0].Step, policy.Version, policy.Weights, StaleRolloutTests.Hash(policy.Weights)));
        return inner.RunAsync(units, policy, timer, cancellationToken);
    }

    public RolloutStatistics TakeStatistics() => inner.TakeStatistics();

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}

public sealed class StaleRolloutTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-stale-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static GrpoStage Stale(int k, int steps) => GrpoSmokeTests.Settings with
    {
        Steps = steps,
        OldLogProbs = OldLogProbSource.Trainer,
        Rollout = new RolloutSection { MaxStaleness = k },
    };

    /// <summary>SHA-256 over every tensor of the model's state, by name.</summary>
    internal static string Hash(TransformerModel model)
    {
        using var scope = NewDisposeScope();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, tensor) in model.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name));
            hash.AppendData(MemoryMarshal.AsBytes(tensor.to_type(ScalarType.Float32).contiguous().data<float>().ToArray().AsSpan()));
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>Trains with recording workers and a checkpoint after every step (so each version's weights are on disk).</summary>
    private async Task<(RecordingWorkers Workers, string Folder, string InitialHash)> TrainAsync(string name, GrpoStage settings)
    {
        var folder = Path.Combine(_folder, name);
        var setup = GrpoSmokeTests.Setup(folder, settings with { CheckpointEvery = 1 });
        var workers = new RecordingWorkers(LocalRolloutWorkers.For(setup));
        setup = setup with { Workers = workers, Checkpoints = new StageCheckpoints(folder, keep: 100) };
        var initial = Hash(setup.Policy);
        using (setup.Policy)
        using (setup.Reference)
        using (setup.Inference)
        {
            await new GrpoTrainer(NullLogger.Instance).TrainAsync(setup, resume: false, CancellationToken.None);
        }

        return (workers, folder, initial);
    }

    /// <summary>The hash of the policy after <paramref name="version"/> updates: the initial one, or its checkpoint's.</summary>
    private static string VersionHash(string folder, int version, string initial)
    {
        if (version == 0)
        {
            return initial;
        }

        using var loaded = Checkpoint.Load(Path.Combine(folder, "checkpoints", $"step-{version:D6}"));
        return Hash(loaded.Model);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Step_t_samples_from_the_weights_of_version_t_minus_k_and_logs_the_lag(int k)
    {
        const int steps = 5;

        var (workers, folder, initial) = await TrainAsync($"k{k}", Stale(k, steps));

        var rounds = workers.Rounds.ToList();
        Assert.Equal(Enumerable.Range(0, steps), rounds.Select(r => r.Step));
        Assert.Equal(Enumerable.Range(0, steps).Select(t => Math.Max(0, t - k)), rounds.Select(r => r.Version));
        var versions = Enumerable.Range(0, steps - 1).Select(v => VersionHash(folder, v, initial)).ToList();
        Assert.Equal(versions.Count, versions.Distinct().Count()); // every update moved the policy, so the hashes tell versions apart
        Assert.All(rounds, r => Assert.Equal(versions[r.Version], r.Hash));

        var rows = MetricsFile.Read(Path.Combine(folder, "metrics.jsonl"));
        var lags = Enumerable.Range(0, steps).Select(t => (double)Math.Min(t, k)).ToList();
        Assert.Equal(lags, rows.Select(r => r[MetricNames.Rollout("version_lag")]));
        Assert.Equal(lags, rows.Select(r => r[MetricNames.Rollout("version_lag_mean")]));
        Assert.All(rows.Skip(k), r => Assert.True(r[MetricNames.SamplingLogpDifferenceMean] > 1e-4, "a stale sampler's log-probs differ from the trained policy's"));
        Assert.All(rows, r => Assert.True(double.IsFinite(r[MetricNames.Loss]) && r[MetricNames.ImportanceSamplingRatioMax] <= 2.0));
    }

    [Fact]
    public async Task Without_staleness_every_step_samples_the_policy_being_trained_itself()
    {
        const int steps = 3;

        var (workers, folder, initial) = await TrainAsync("k0", GrpoSmokeTests.Settings with { Steps = steps });

        var rounds = workers.Rounds.ToList();
        Assert.Equal(Enumerable.Range(0, steps), rounds.Select(r => r.Version));
        Assert.All(rounds, r => Assert.Same(rounds[0].Weights, r.Weights)); // the live policy, no snapshot
        Assert.All(rounds, r => Assert.Equal(VersionHash(folder, r.Version, initial), r.Hash));
        Assert.All(MetricsFile.Read(Path.Combine(folder, "metrics.jsonl")), r => Assert.Equal(0, r[MetricNames.Rollout("version_lag")]));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(folder, "checkpoints"), "policy-v*.safetensors", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Resuming_a_synchronous_checkpoint_with_staleness_names_the_missing_weights()
    {
        var folder = Path.Combine(_folder, "switch");
        var first = GrpoSmokeTests.Setup(folder, GrpoSmokeTests.Settings with { Steps = 3, CheckpointEvery = 1, OldLogProbs = OldLogProbSource.Trainer });
        using (first.Policy)
        {
            await new GrpoTrainer(NullLogger.Instance).TrainAsync(first, resume: false, CancellationToken.None);
        }

        var second = GrpoSmokeTests.Setup(folder, Stale(1, 5));
        using (second.Policy)
        {
            var error = await Assert.ThrowsAsync<InputException>(() => new GrpoTrainer(NullLogger.Instance).TrainAsync(second, resume: true, CancellationToken.None));
            Assert.Contains("policy-v000001.safetensors", error.Message, StringComparison.Ordinal);
            Assert.Contains("max_staleness: 1", error.Message, StringComparison.Ordinal);
        }
    }
}

public sealed class StaleResumeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-stale-resume-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IReadOnlyList<string> Metrics(string folder) =>
        [.. File.ReadLines(Path.Combine(folder, "metrics.jsonl")).Select(l => System.Text.RegularExpressions.Regex.Replace(l, "\"(step_time|time/[a-z]+|tokens_per_s/[a-z]+|rollout/[^\"]+)\":[^,}]+", ""))];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_stopped_and_resumed_stale_run_logs_the_same_metrics_as_an_uninterrupted_run(int k)
    {
        var settings = StaleRolloutTests.Stale(k, 7) with { KlBeta = 0.04, UpdatesPerBatch = 2, CheckpointEvery = 100 };
        var straight = Path.Combine(_folder, "straight");
        var straightSetup = GrpoSmokeTests.Setup(straight, settings);
        using (straightSetup.Policy)
        using (straightSetup.Reference)
        {
            await new GrpoTrainer(NullLogger.Instance).TrainAsync(straightSetup, resume: false, CancellationToken.None);
        }

        var interrupted = Path.Combine(_folder, "interrupted");
        using var cancellation = new CancellationTokenSource();
        var first = GrpoSmokeTests.Setup(interrupted, settings);
        // Cancel while step 3's rollouts verify (32 verifications a step). They sample beside earlier updates, so the
        // step boundary that sees it, and with it the checkpoint, depends on timing; the resumed metrics must not.
        first = first with { Rewards = new RewardComposer([new RewardComponent(new CancellingVerifier(new StartsWithSevenVerifier(), (3 * 32) + 5, cancellation), 1.0)]) };
        using (first.Policy)
        using (first.Reference)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new GrpoTrainer(NullLogger.Instance).TrainAsync(first, resume: false, cancellation.Token));
        }

        var checkpoint = Assert.Single(Directory.EnumerateDirectories(Path.Combine(interrupted, "checkpoints"), "step-*"));
        var resumedAt = int.Parse(Path.GetFileName(checkpoint)["step-".Length..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(resumedAt, 1, 6);
        Assert.Equal(
            StalenessSchedule.HeldVersions(resumedAt, k, 7).Select(RolloutPipeline.SnapshotName).Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(checkpoint, "policy-v*.safetensors").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal));
        var second = GrpoSmokeTests.Setup(interrupted, settings);
        using (second.Policy)
        using (second.Reference)
        {
            await new GrpoTrainer(NullLogger.Instance).TrainAsync(second, resume: true, CancellationToken.None);
        }

        Assert.Equal(Metrics(straight), Metrics(interrupted));
        Assert.Equal(7, Metrics(interrupted).Count);
    }
}
