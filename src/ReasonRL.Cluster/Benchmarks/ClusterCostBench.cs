using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.ScaleOut;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Sampling;
using ReasonRL.Training.Benchmarks;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Rollout;

namespace ReasonRL.Cluster.Benchmarks;

/// <summary>One model's GRPO step to measure: its groups (problem, prompt ids), group size, sampling and units.</summary>
/// <param name="Stage">The stage settings the trainer's part runs with (minibatch, optimizer, sampling).</param>
public sealed record ClusterBenchWorkload(string Name, LoadedCheckpoint Policy, IReadOnlyList<Problem> Problems, IReadOnlyList<int[]> PromptIds, GrpoStage Stage);

/// <summary>What one GRPO step of a workload costs, part by part, each measured through the mechanism a run uses.</summary>
/// <param name="UnitSeconds">Sampling and verifying one unit in process (mean over the step's units, after a warm-up round).</param>
/// <param name="FirstUnitOverheadSeconds">A fresh worker's first unit: round trip less compute (its load of the weights and JIT included).</param>
/// <param name="UnitOverheadSeconds">Round trip less the worker's compute, mean per unit, in the steady state.</param>
/// <param name="BytesSent">Units out per step (the wire's encoding).</param>
/// <param name="BytesReceived">Results back per step.</param>
public sealed record ClusterCosts(
    string Name, long Parameters, int Prompts, int GroupSize, int MaxNewTokens, int Units, double CompletionTokens,
    double UnitSeconds, double FirstUnitOverheadSeconds, double UnitOverheadSeconds, double PublishSeconds, long WeightsBytes, double LoadSeconds,
    long BytesSent, long BytesReceived, TrainerStepSeconds Trainer)
{
    /// <summary>The projection's inputs: the trainer's synchronous part is the reference pass and the update; off-policy adds π_old recomputed (one more pass) and the snapshot.</summary>
    public StepCosts StepCosts => new(
        Units, UnitSeconds, UnitOverheadSeconds, PublishSeconds, LoadSeconds,
        Trainer.ScoringSeconds + Trainer.UpdateSeconds, Trainer.ScoringSeconds, Trainer.SnapshotSeconds);
}

/// <summary>
/// Measures the components of a GRPO step with cluster rollout workers in one process: the units sampled and verified
/// in process (<see cref="LocalRolloutWorkers"/>); the same units handed to a worker silo started in this process on
/// loopback through <see cref="ClusterRolloutWorkers"/> (Orleans messages over TCP, the wire encoding, a worker's
/// <see cref="PolicyReplica"/>), whose statistics give the overhead per unit and the bytes moved; the weights
/// published with <see cref="WeightsPublisher"/> and loaded with <see cref="PolicyReplica"/> (SHA-256 check included);
/// and the trainer's scoring pass, update and snapshot (<see cref="TrainerStepBench"/>). Worker and trainer share this
/// machine's cores here; the projection (<see cref="ThroughputProjection"/>) assumes machines of their own.
/// </summary>
public static class ClusterCostBench
{
    public static async Task<ClusterCosts> MeasureAsync(
        ClusterBenchWorkload workload, VerifierRegistry verifiers, ILoggerFactory loggers, string folder, Action<string> progress, CancellationToken cancellationToken)
    {
        var stage = workload.Stage;
        var policy = workload.Policy;
        var model = policy.Model;
        var sampling = stage.Sampling.ToOptions();
        var rewards = new RewardComposer([.. stage.Rewards.Select(r => new RewardComponent(verifiers.Get(r.Verifier), r.Weight))]);
        var seeds = workload.Problems.Select((_, g) => Enumerable.Range(0, stage.GroupSize).Select(s => SeedMixer.Mix(1, 0, (ulong)g, (ulong)s)).ToArray()).ToList();
        var units = RolloutUnit.Split(workload.Problems.Count, stage.Rollout.Partitions).Select((range, index) => new RolloutUnit(
            0, 0, index, 0, [.. workload.Problems.Skip(range.Start).Take(range.Count)], [.. workload.PromptIds.Skip(range.Start).Take(range.Count)],
            [.. seeds.Skip(range.Start).Take(range.Count)])).ToList();
        var version = new SamplingPolicy(0, model, model);

        progress($"{workload.Name}: {units.Count} units of {workload.Problems.Count} prompts × {stage.GroupSize} in process (a warm-up round, then a timed one)");
        var local = new LocalRolloutWorkers(policy.Tokenizer, sampling, rewards);
        _ = await local.RunAsync(units, version, new StepTimer(), cancellationToken).ConfigureAwait(false);
        var results = await local.RunAsync(units, version, new StepTimer(), cancellationToken).ConfigureAwait(false);
        var unitSeconds = results.Average(r => r.SamplingSeconds + r.VerifyingSeconds);
        var completions = results.SelectMany(r => r.Completions).ToList();

        progress($"{workload.Name}: publishing and loading the weights");
        var publisher = new WeightsPublisher(Path.Combine(folder, "published"));
        _ = publisher.Publish(0, model, policy.Tokenizer); // first write: file-system warm-up
        var (published, publishSeconds) = publisher.Publish(1, model, policy.Tokenizer);
        double loadSeconds;
        using (var replica = new PolicyReplica())
        {
            var clock = Stopwatch.StartNew();
            _ = replica.For(published.Folder, published.Sha256, model.Compute);
            loadSeconds = clock.Elapsed.TotalSeconds;
        }

        progress($"{workload.Name}: the units on a worker silo in this process (first round: load and JIT; second: steady state)");
        var (first, steady) = await ClusterRoundsAsync(units, version, policy, sampling, rewards, verifiers, loggers, Path.Combine(folder, "weights"), cancellationToken).ConfigureAwait(false);

        progress($"{workload.Name}: the trainer's scoring pass, update and snapshot");
        var rowPrompts = units.SelectMany(u => u.PromptIds.SelectMany((p, g) => Enumerable.Repeat(p, u.Seeds[g].Length))).ToList();
        var trainer = TrainerStepBench.Measure(model, stage, rowPrompts, completions, policy.Tokenizer.PadId, cancellationToken);

        return new ClusterCosts(
            workload.Name, model.parameters().Sum(p => p.numel()), workload.Problems.Count, stage.GroupSize, sampling.MaxNewTokens, units.Count,
            completions.Average(c => c.TokenIds.Length), unitSeconds,
            first.OverheadSeconds - ((units.Count - 1) * steady.OverheadSeconds / units.Count), steady.OverheadSeconds / units.Count, publishSeconds, published.Bytes,
            loadSeconds, steady.BytesSent, steady.BytesReceived, trainer);
    }

    /// <summary>Waits until the silo's gateway accepts connections, so the client's first attempt finds it.</summary>
    private static async Task GatewayAsync(WorkerEndpoints endpoints, Task silo, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (silo.IsCompleted)
            {
                await silo.ConfigureAwait(false); // it failed to start: say why
            }

            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                await probe.ConnectAsync(endpoints.Address, endpoints.GatewayPort, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Two rounds of the same units on one worker silo started here (localhost membership on free loopback ports).</summary>
    private static async Task<(RolloutStatistics First, RolloutStatistics Steady)> ClusterRoundsAsync(
        IReadOnlyList<RolloutUnit> units, SamplingPolicy version, LoadedCheckpoint policy, SamplingOptions sampling, RewardComposer rewards,
        VerifierRegistry verifiers, ILoggerFactory loggers, string weightsFolder, CancellationToken cancellationToken)
    {
        var endpoints = ClusterMembership.Choose(ClusterAddress.Parse("localhost:31111"), IPAddress.Loopback, 0, 0);
        var cluster = ClusterAddress.Parse($"localhost:{endpoints.SiloPort}");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var silo = Task.Run(() => WorkerSilo.RunAsync(cluster, endpoints, verifiers, loggers, stop.Token), CancellationToken.None);
        try
        {
            await GatewayAsync(endpoints, silo, cancellationToken).ConfigureAwait(false);
            await using var workers = await new OrleansClusterConnector(loggers)
                .ConnectAsync(cluster, policy.Tokenizer, sampling, rewards, policy.Model.Compute, weightsFolder, cancellationToken).ConfigureAwait(false);
            _ = await workers.RunAsync(units, version, new StepTimer(), cancellationToken).ConfigureAwait(false);
            var first = workers.TakeStatistics();
            _ = await workers.RunAsync(units, version, new StepTimer(), cancellationToken).ConfigureAwait(false);
            return (first, workers.TakeStatistics());
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await silo.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // the silo left the cluster, as asked
            }
        }
    }
}
