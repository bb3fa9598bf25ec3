using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ReasonRL.Core;
using ReasonRL.Core.Verification;
using ReasonRL.Model;
using ReasonRL.Model.Sampling;
using ReasonRL.Model.Tokenization;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Rollout;

namespace ReasonRL.Cluster;

/// <summary>
/// Rollout units on the workers of an Orleans cluster. Each round: publish the policy version's weights (once per
/// version), then hand every idle live worker one unit at a time until all results are in. A worker that leaves the
/// cluster (killed, stopped, unreachable: the membership declares it dead) loses its unit, which goes to another
/// worker; a worker that refuses a unit (other code, wrong weights) is not used again. Units are pure functions of
/// their inputs, so none of this changes a result. Workers that join mid-run get units from the next hand-out on.
/// </summary>
public sealed class ClusterRolloutWorkers : IRolloutWorkers
{
    /// <summary>How often the membership is read while units are out: a lost worker is noticed within this of being declared dead.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    private readonly IClusterClient _client;
    private readonly TextTokenizer _tokenizer;
    private readonly SamplingOptions _sampling;
    private readonly IReadOnlyList<RewardTerm> _rewards;
    private readonly ModelCompute _compute;
    private readonly WeightsPublisher _publisher;
    private readonly IAsyncDisposable _connection;
    private readonly ILogger _logger;
    private readonly RolloutStatisticsBuilder _statistics = new();
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);
    private readonly string _code;
    private Dictionary<string, string> _live = new(StringComparer.Ordinal);

    /// <param name="tokenizer">Published with the weights.</param>
    /// <param name="sampling">How the workers sample (the run's sampling settings).</param>
    /// <param name="rewards">The verifiers the workers score with, by name, and their weights.</param>
    public ClusterRolloutWorkers(
        IClusterClient client, IAsyncDisposable connection, TextTokenizer tokenizer, SamplingOptions sampling, RewardComposer rewards,
        ModelCompute compute, WeightsPublisher publisher, ILogger logger)
    {
        (_client, _connection, _tokenizer, _sampling, _compute, _publisher, _logger) = (client, connection, tokenizer, sampling, compute, publisher, logger);
        _rewards = [.. rewards.Components.Select(c => new RewardTerm(c.Name, c.Weight))];
        _code = CodeIdentity.Of(rewards.Components.Select(c => c.Verifier));
    }

    public async Task<IReadOnlyList<RolloutUnitResult>> RunAsync(IReadOnlyList<RolloutUnit> units, SamplingPolicy policy, StepTimer timer, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (weights, publishSeconds) = _publisher.Publish(policy.Version, policy.Weights, _tokenizer);
        if (publishSeconds > 0)
        {
            _statistics.Published(publishSeconds, weights.Bytes);
        }

        var requests = units.Select(u => RolloutWire.Encode(new RolloutWorkRequest(_code, weights.Folder, weights.Sha256, _compute, _sampling, _rewards, u))).ToArray();

        var results = new RolloutUnitResult?[units.Count];
        var pending = new Queue<int>(Enumerable.Range(0, units.Count));
        var running = new Dictionary<Task<byte[]>, (string Worker, int Unit, Stopwatch Clock)>();
        var waitingSince = Stopwatch.StartNew();
        while (results.Any(r => r is null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var live = await LiveWorkersAsync().ConfigureAwait(false);

            // A unit out on a worker that has left the cluster is lost: hand it out again.
            foreach (var (task, (worker, unit, _)) in running.Where(r => !live.ContainsKey(r.Value.Worker)).ToList())
            {
                running.Remove(task);
                _ = task.ContinueWith(t => t.Exception, TaskScheduler.Default); // its late failure is expected and observed here
                Redispatch(unit, worker, "left the cluster", pending);
            }

            foreach (var (key, name) in live.Where(w => !_refused.Contains(w.Key) && running.Values.All(r => r.Worker != w.Key)))
            {
                if (!pending.TryDequeue(out var unit))
                {
                    break;
                }

                var grain = _client.GetGrain<IRolloutWorkerGrain>(key);
                running[grain.RunAsync(requests[unit])] = (key, unit, Stopwatch.StartNew());
                _logger.LogDebug("step {Step} unit {Unit} → {Worker}", units[unit].Step, unit, name);
            }

            if (running.Count == 0)
            {
                if (waitingSince.Elapsed > TimeSpan.FromSeconds(30) && waitingSince.Elapsed.TotalSeconds % 30 < Poll.TotalSeconds)
                {
                    _logger.LogWarning("waiting for rollout workers: {Pending} units and no worker to run them (start `reasonrl worker`)", pending.Count);
                }

                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
                continue;
            }

            waitingSince.Restart();
            await Task.WhenAny(running.Keys.Append(Task.Delay(Poll, cancellationToken))).ConfigureAwait(false);
            foreach (var (task, (worker, unit, unitClock)) in running.Where(r => r.Key.IsCompleted).ToList())
            {
                running.Remove(task);
                if (!task.IsCompletedSuccessfully)
                {
                    Redispatch(unit, worker, task.Exception?.InnerException?.Message ?? "cancelled", pending);
                    continue;
                }

                var response = RolloutWire.DecodeResponse(task.Result);
                if (response.Result is null)
                {
                    _refused.Add(worker);
                    _logger.LogWarning("worker {Worker} refused a unit and is not used again: {Reason}", response.Worker, response.Refused);
                    pending.Enqueue(unit);
                    if (live.Keys.All(_refused.Contains))
                    {
                        throw new InputException($"every rollout worker refused the units; the last said: {response.Refused}");
                    }

                    continue;
                }

                results[unit] = response.Result;
                _statistics.Finished(response.Worker, units[unit], response.Result, unitClock.Elapsed.TotalSeconds, requests[unit].Length, task.Result.Length);
            }
        }

        timer.Add(StepPhase.Sampling, clock.Elapsed.TotalSeconds); // the workers' own split between sampling and verifying is in rollout/worker/…
        return results!;
    }

    public RolloutStatistics TakeStatistics() => _statistics.Take();

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync().ConfigureAwait(false);

    private void Redispatch(int unit, string worker, string reason, Queue<int> pending)
    {
        _logger.LogWarning("rollout unit {Unit} lost on worker {Worker} ({Reason}); handing it to another worker", unit, worker, reason);
        _statistics.Redispatched();
        pending.Enqueue(unit);
    }

    /// <summary>The silos the membership holds active, keyed as the worker grain is (see <see cref="NamedSiloPlacement"/>), with their endpoints.</summary>
    /// <remarks>While the membership cannot be read (the gateway in use was just lost), the last answer stands.</remarks>
    private async Task<Dictionary<string, string>> LiveWorkersAsync()
    {
        try
        {
            var hosts = await _client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).ConfigureAwait(false);
            _live = hosts.Keys.ToDictionary(s => s.ToParsableString(), s => s.Endpoint.ToString(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException or System.Net.Sockets.SocketException)
        {
            _logger.LogDebug("membership not readable now: {Message}", e.Message);
        }

        return _live;
    }
}
