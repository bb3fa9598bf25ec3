using ReasonRL.Training.Metrics;

namespace ReasonRL.Cli.Tests.Cluster;

/// <summary>
/// The cluster end to end, as a user runs it: a real Redis membership server, two <c>reasonrl worker</c> processes on
/// loopback, and a shortened grpo-smoke run with <c>rollout.workers: cluster</c> during which one worker is killed with
/// SIGKILL. The run completes, and its metrics equal those of the same run with <c>workers: local</c> and the same
/// partitions, row by row, except the figures of placement and speed (<see cref="PlacementFreeMetrics"/>).
/// </summary>
[Collection(nameof(ClusterCollection))]
public sealed class ClusterRunTests : IDisposable
{
    private const int Steps = 4;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-cluster-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Root
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "ReasonRL.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException($"no ReasonRL.sln above {AppContext.BaseDirectory}");
        }
    }

    private static CliProcess Worker(RedisServer redis) => CliProcess.Start(Root, "worker", "--cluster", redis.Connection, "--threads", "1");

    /// <summary>recipes/grpo-smoke.yaml shortened: 4 steps of 4 prompts × 4 completions of up to 48 tokens, no held-out evaluation, 2 units a step.</summary>
    private CliProcess Train(string name, string workers, RedisServer redis, params string[] more) => CliProcess.Start(
        Root, ["train", "recipes/grpo-smoke.yaml",
        "--set", $"name={name}", "--set", $"runs_dir={Path.Combine(_folder, "runs")}",
        "--set", $"grpo.steps={Steps}", "--set", "grpo.prompts_per_step=4", "--set", "grpo.group_size=4", "--set", "grpo.minibatch_size=16",
        "--set", "grpo.sampling.max_new_tokens=48", "--set", "grpo.eval.samples=0",
        "--set", "grpo.rollout.partitions=2", "--set", $"grpo.rollout.workers={workers}", "--set", $"grpo.rollout.cluster={redis.Connection}", .. more]);

    private string Metrics(string run) => Path.Combine(_folder, "runs", run, "grpo", "metrics.jsonl");

    [Fact]
    public async Task Two_workers_on_redis_one_killed_mid_run_give_exactly_the_metrics_of_a_local_run()
    {
        using var redis = await RedisServer.StartAsync();
        using var doomed = Worker(redis);
        using var survivor = Worker(redis);
        using (var local = Train("local", "local", redis)) // while the workers start
        {
            Assert.True(await local.ExitAsync(Limit) == 0, local.Output);
        }

        await Task.WhenAll(doomed.Printed("joined the cluster"), survivor.Printed("joined the cluster")).WaitAsync(Limit);
        using var cluster = Train("cluster", "cluster", redis);
        // Both workers are idle when a round starts, so each gets one of its two units; kill one while it samples step 1's.
        await doomed.Printed("step 1 unit", ": sampling").WaitAsync(Limit);
        doomed.Kill();
        Assert.True(await cluster.ExitAsync(Limit) == 0, cluster.Output);

        var expected = PlacementFreeMetrics.Read(Metrics("local"));
        Assert.Equal(Steps, expected.Count);
        Assert.True(expected[0].Split(", ").Length > 30, expected[0]); // the rewards, losses, KL, lengths, … of each step
        Assert.Equal(expected, PlacementFreeMetrics.Read(Metrics("cluster")));
        var redispatched = PlacementFreeMetrics.Column(Metrics("cluster"), MetricNames.Rollout("redispatched"));
        Assert.True(redispatched[1] >= 1, $"no unit was re-dispatched after the kill: {string.Join(", ", redispatched)}\n{cluster.Output}");
        // Step 1's units both came back from the survivor (one of them re-dispatched), as did every later step's.
        Assert.Equal([2, 1, 1, 1], PlacementFreeMetrics.Column(Metrics("cluster"), MetricNames.Rollout("workers")));
    }

    [Fact]
    public async Task One_update_stale_rollouts_on_two_workers_give_exactly_the_metrics_of_a_local_run()
    {
        string[] stale = ["--set", "grpo.rollout.max_staleness=1", "--set", "grpo.old_log_probs=trainer"];
        using var redis = await RedisServer.StartAsync();
        using var first = Worker(redis);
        using var second = Worker(redis);
        using (var local = Train("stale-local", "local", redis, stale)) // while the workers start
        {
            Assert.True(await local.ExitAsync(Limit) == 0, local.Output);
        }

        await Task.WhenAll(first.Printed("joined the cluster"), second.Printed("joined the cluster")).WaitAsync(Limit);
        using (var cluster = Train("stale-cluster", "cluster", redis, stale))
        {
            Assert.True(await cluster.ExitAsync(Limit) == 0, cluster.Output);
        }

        var expected = PlacementFreeMetrics.Read(Metrics("stale-local"));
        Assert.Equal(Steps, expected.Count);
        Assert.Equal(expected, PlacementFreeMetrics.Read(Metrics("stale-cluster")));
        // Step 0 samples the initial policy; every later step the policy one update behind, on the workers.
        Assert.Equal([0, 1, 1, 1], PlacementFreeMetrics.Column(Metrics("stale-cluster"), MetricNames.Rollout("version_lag")));
        Assert.Equal([2, 2, 2, 2], PlacementFreeMetrics.Column(Metrics("stale-cluster"), MetricNames.Rollout("units")));
    }

    [Fact]
    public async Task A_worker_stops_on_sigterm_within_seconds_when_redis_has_gone_away()
    {
        using var redis = await RedisServer.StartAsync();
        using var worker = Worker(redis);
        await worker.Printed("joined the cluster").WaitAsync(Limit);

        redis.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1));
        await worker.SignalAsync("TERM");

        // Leaving is bounded by 10 s; without the bound Orleans retries the lost membership for minutes.
        Assert.Equal(0, await worker.ExitAsync(TimeSpan.FromSeconds(45)));
        Assert.Contains("could not leave the cluster cleanly", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_worker_still_waiting_for_its_membership_server_stops_on_sigterm()
    {
        using var redis = await RedisServer.StartAsync();
        redis.Kill(); // a port where no server answers
        using var worker = Worker(redis);
        await worker.Printed("could not join the cluster").WaitAsync(Limit);

        await worker.SignalAsync("TERM");

        Assert.Equal(130, await worker.ExitAsync(TimeSpan.FromSeconds(45)));
        Assert.Contains("stopped by Ctrl+C", worker.Output, StringComparison.Ordinal);
    }
}

/// <summary>The cluster tests start several processes each: one test at a time, so a loaded machine still runs them in time.</summary>
[CollectionDefinition(nameof(ClusterCollection), DisableParallelization = true)]
public sealed class ClusterCollection;
