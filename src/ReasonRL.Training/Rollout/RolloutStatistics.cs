using ReasonRL.Training.Metrics;

namespace ReasonRL.Training.Rollout;

/// <summary>One worker's share of a step's rollout units.</summary>
/// <param name="Seconds">Seconds it spent sampling and verifying them.</param>
public sealed record WorkerShare(int Units, long CompletionTokens, double Seconds);

/// <summary>
/// What a step's rollout units cost, beside the rollouts themselves: how many units ran where, how many had to be run
/// again after a worker was lost, the time and bytes of moving work and weights, and how old the sampling policy was.
/// </summary>
/// <param name="OverheadSeconds">Summed over units: the time from handing a unit out to having its result, less the worker's own compute.</param>
/// <param name="PublishSeconds">Seconds spent publishing the policy's weights for the workers.</param>
/// <param name="WeightsBytes">Bytes of weights published.</param>
/// <param name="BytesSent">Bytes of units sent to workers.</param>
/// <param name="BytesReceived">Bytes of results received from workers.</param>
/// <param name="VersionLag">The largest number of updates between a unit's sampling policy and the policy being trained.</param>
/// <param name="VersionLagMean">The mean of that lag over the units (under the fixed staleness schedule every unit of a step has the same).</param>
public sealed record RolloutStatistics(
    int Units, int Redispatched, double OverheadSeconds, double PublishSeconds, long WeightsBytes, long BytesSent, long BytesReceived, int VersionLag,
    double VersionLagMean, IReadOnlyDictionary<string, WorkerShare> Workers)
{
    public static RolloutStatistics None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, WorkerShare>());

    /// <summary>
    /// Seconds the trainer waited for the step's rollouts: all of their sampling and verification when they are
    /// sampled in the step (max_staleness: 0), only what the update of earlier steps did not hide otherwise.
    /// </summary>
    public double WaitSeconds { get; init; }

    /// <summary>
    /// The <c>rollout/…</c> metrics: units, redispatched, unit_overhead_ms (mean per unit), publish_seconds, weights_bytes,
    /// bytes_sent, bytes_received, version_lag (max over units), version_lag_mean, wait_seconds, workers, and per worker <c>rollout/worker/NAME/units</c> and
    /// <c>…/tokens_per_s</c>. They describe where and how fast the work ran, so unlike the rest of a step's metrics
    /// they differ between runs that are otherwise identical (see <see cref="MetricNames.DependsOnPlacement"/>).
    /// </summary>
    public Dictionary<string, double> Metrics()
    {
        var metrics = new Dictionary<string, double>
        {
            [MetricNames.Rollout("units")] = Units,
            [MetricNames.Rollout("redispatched")] = Redispatched,
            [MetricNames.Rollout("unit_overhead_ms")] = Units == 0 ? 0 : 1000 * OverheadSeconds / Units,
            [MetricNames.Rollout("publish_seconds")] = PublishSeconds,
            [MetricNames.Rollout("weights_bytes")] = WeightsBytes,
            [MetricNames.Rollout("bytes_sent")] = BytesSent,
            [MetricNames.Rollout("bytes_received")] = BytesReceived,
            [MetricNames.Rollout("version_lag")] = VersionLag,
            [MetricNames.Rollout("version_lag_mean")] = VersionLagMean,
            [MetricNames.Rollout("wait_seconds")] = WaitSeconds,
            [MetricNames.Rollout("workers")] = Workers.Count,
        };
        foreach (var (name, share) in Workers)
        {
            metrics[MetricNames.Rollout($"worker/{name}/units")] = share.Units;
            metrics[MetricNames.Rollout($"worker/{name}/tokens_per_s")] = share.CompletionTokens / Math.Max(1e-9, share.Seconds);
        }

        return metrics;
    }
}

/// <summary>Adds up a step's <see cref="RolloutStatistics"/> as units finish.</summary>
public sealed class RolloutStatisticsBuilder
{
    private readonly Dictionary<string, WorkerShare> _workers = new(StringComparer.Ordinal);
    private int _units;
    private int _redispatched;
    private double _overheadSeconds;
    private double _publishSeconds;
    private long _weightsBytes;
    private long _bytesSent;
    private long _bytesReceived;
    private int _versionLag;
    private long _versionLagSum;

    /// <summary>Records a unit done by <paramref name="worker"/>: its share, its round-trip overhead, its bytes and its policy's version lag.</summary>
    public void Finished(string worker, RolloutUnit unit, RolloutUnitResult result, double roundTripSeconds, long bytesSent, long bytesReceived)
    {
        var lag = unit.Step - unit.PolicyVersion;
        _versionLag = Math.Max(_versionLag, lag);
        _versionLagSum += lag;
        var compute = result.SamplingSeconds + result.VerifyingSeconds;
        var tokens = result.Completions.Sum(c => (long)c.TokenIds.Length);
        var share = _workers.GetValueOrDefault(worker) ?? new WorkerShare(0, 0, 0);
        _workers[worker] = new WorkerShare(share.Units + 1, share.CompletionTokens + tokens, share.Seconds + compute);
        _units++;
        _overheadSeconds += Math.Max(0, roundTripSeconds - compute);
        _bytesSent += bytesSent;
        _bytesReceived += bytesReceived;
    }

    public void Redispatched() => _redispatched++;

    public void Published(double seconds, long bytes) => (_publishSeconds, _weightsBytes) = (_publishSeconds + seconds, _weightsBytes + bytes);

    public RolloutStatistics Take()
    {
        var statistics = new RolloutStatistics(
            _units, _redispatched, _overheadSeconds, _publishSeconds, _weightsBytes, _bytesSent, _bytesReceived, _versionLag,
            _units == 0 ? 0 : (double)_versionLagSum / _units, new Dictionary<string, WorkerShare>(_workers, StringComparer.Ordinal));
        _workers.Clear();
        (_units, _redispatched, _overheadSeconds, _publishSeconds, _weightsBytes, _bytesSent, _bytesReceived, _versionLag, _versionLagSum) = (0, 0, 0, 0, 0, 0, 0, 0, 0);
        return statistics;
    }
}
