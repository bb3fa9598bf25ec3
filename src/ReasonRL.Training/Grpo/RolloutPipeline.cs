using System.Diagnostics;
using System.Globalization;
using ReasonRL.Core;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Rollout;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// Steps 1–2 as the trainer's loop sees them: the rollouts of step t, sampled from the policy version the
/// <see cref="StalenessSchedule"/> names for it.
/// <list type="bullet">
/// <item><c>max_staleness: 0</c>: sampled when asked for, from π_θ itself (its inference copy rounded first): the
/// synchronous loop, unchanged.</item>
/// <item><c>max_staleness: k ≥ 1</c>: when step t begins (the policy is then version t) the rollouts of every step up to
/// t + k are set going in the background, one step after another, each from a frozen snapshot of its version; the
/// trainer takes step t's (already sampled, or still being sampled) and updates while the later ones sample. A
/// snapshot is kept until the last step that samples from it is taken.</item>
/// </list>
/// Nothing here depends on timing: which version samples which step is fixed, and a rollout is a pure function of its
/// version's weights and its seeds, so only the wall time changes. A checkpoint before step t keeps the snapshots that
/// steps t..t+k−1 sample from (<see cref="HeldPolicies"/>); resumed, the pipeline loads them and samples those steps
/// again, bit for bit as the uninterrupted run did.
/// </summary>
public sealed class RolloutPipeline : IAsyncDisposable
{
    /// <summary>The name a checkpoint gives the snapshot of version v: <c>policy-v000012</c>.</summary>
    public static string SnapshotName(int version) => $"policy-v{version.ToString("D6", CultureInfo.InvariantCulture)}";

    private readonly GrpoSetup _setup;
    private readonly RolloutCollector _collector;
    private readonly int _maxStaleness;
    private readonly SortedDictionary<int, PolicySnapshot> _snapshots = [];
    private readonly Dictionary<int, Task<(Rollouts Rollouts, StepTimings Timings)>> _inFlight = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _last = Task.CompletedTask;
    private int _next;

    private RolloutPipeline(GrpoSetup setup, RolloutCollector collector, int start)
    {
        (_setup, _collector, _next) = (setup, collector, start);
        _maxStaleness = setup.Settings.Rollout.MaxStaleness;
    }

    /// <summary>
    /// The pipeline of a run starting at <paramref name="start"/>; when it resumes from <paramref name="checkpoint"/>,
    /// the snapshots the next steps sample from are loaded from it.
    /// </summary>
    /// <exception cref="InputException">The checkpoint lacks a snapshot the schedule needs (it was written with a smaller max_staleness).</exception>
    public static RolloutPipeline Open(GrpoSetup setup, RolloutCollector collector, int start, string? checkpoint)
    {
        var pipeline = new RolloutPipeline(setup, collector, start);
        var k = pipeline._maxStaleness;
        if (checkpoint is not null)
        {
            foreach (var version in StalenessSchedule.HeldVersions(start, k, setup.Settings.Steps))
            {
                var file = StageCheckpoints.ExtraModelFile(checkpoint, SnapshotName(version));
                if (!File.Exists(file))
                {
                    throw new InputException(
                        $"{checkpoint}: no weights of policy version {version} ({Path.GetFileName(file)}), which step {start} samples from with rollout.max_staleness: {k}; resume with the max_staleness the run was started with");
                }

                pipeline._snapshots[version] = PolicySnapshot.Load(file, setup.Policy, version, setup.SamplingPolicy.Compute.Dtype);
            }
        }

        return pipeline;
    }

    /// <summary>The snapshots a checkpoint before step <paramref name="step"/> must keep, by the name they are saved under.</summary>
    public IReadOnlyDictionary<string, TransformerModel> HeldPolicies(int step) =>
        StalenessSchedule.HeldVersions(step, _maxStaleness, _setup.Settings.Steps).ToDictionary(SnapshotName, v => _snapshots[v].Policy.Weights);

    /// <summary>
    /// Step <paramref name="step"/>'s rollouts, sampled and verified; the policy must be version <paramref name="step"/>.
    /// Their sampling and verifying seconds go into <paramref name="timer"/>, less, under staleness, what ran beside
    /// earlier steps.
    /// </summary>
    public async Task<Rollouts> TakeAsync(int step, StepTimer timer)
    {
        var clock = Stopwatch.StartNew();
        if (_maxStaleness == 0)
        {
            _setup.Inference?.Refresh();
            var rollouts = await _collector.SampleAndVerifyAsync(step, new SamplingPolicy(step, _setup.Policy, _setup.SamplingPolicy), timer, CancellationToken.None).ConfigureAwait(false);
            return rollouts with { Work = rollouts.Work with { WaitSeconds = clock.Elapsed.TotalSeconds } };
        }

        StartUpTo(step);
        var (stale, timings) = await _inFlight[step].ConfigureAwait(false);
        _inFlight.Remove(step);
        var waited = clock.Elapsed.TotalSeconds;
        timer.Add(StepPhase.Sampling, timings.Sampling);
        timer.Add(StepPhase.Verifying, timings.Verifying);
        timer.Hide(Math.Max(0, timings.Sampling + timings.Verifying - waited));
        foreach (var version in _snapshots.Keys.Where(v => v < StalenessSchedule.SamplingVersion(step + 1, _maxStaleness)).ToList())
        {
            _snapshots[version].Dispose(); // no step after this one samples from it, and the step that did is done
            _snapshots.Remove(version);
        }

        return stale with { Work = stale.Work with { WaitSeconds = waited } };
    }

    /// <summary>Stops the rollouts still being sampled (a resumed run samples them again) and frees the snapshots.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(_last).ConfigureAwait(false); // each rollout starts after the one before it ends: the last ends last
        foreach (var task in _inFlight.Values)
        {
            _ = task.Exception; // a rollout stopped here failed as it was meant to
        }

        foreach (var snapshot in _snapshots.Values)
        {
            snapshot.Dispose();
        }

        _snapshots.Clear();
        _stop.Dispose();
    }

    /// <summary>Sets going, in step order, the rollouts of every step not yet started that samples from version ≤ <paramref name="current"/>.</summary>
    private void StartUpTo(int current)
    {
        for (; _next <= StalenessSchedule.LastStartable(current, _maxStaleness, _setup.Settings.Steps); _next++)
        {
            var step = _next;
            var version = StalenessSchedule.SamplingVersion(step, _maxStaleness);
            if (!_snapshots.TryGetValue(version, out var snapshot))
            {
                if (version != current)
                {
                    throw new InvalidOperationException($"step {step} samples from version {version}, which is neither held nor the policy (version {current})");
                }

                // Taken here, in the loop, before this step's update: the weights of version `current`, whatever runs later.
                snapshot = _snapshots[version] = PolicySnapshot.Of(_setup.Policy, version, _setup.SamplingPolicy.Compute.Dtype);
            }

            var before = _last;
            var policy = snapshot.Policy;
            var rollout = Task.Run(async () =>
            {
                await Task.WhenAny(before).ConfigureAwait(false); // one rollout at a time; a failed one is reported by its own step
                var timer = new StepTimer();
                var rollouts = await _collector.SampleAndVerifyAsync(step, policy, timer, _stop.Token).ConfigureAwait(false);
                return (rollouts, timer.Timings);
            });
            _inFlight[step] = rollout;
            _last = rollout;
        }
    }
}
