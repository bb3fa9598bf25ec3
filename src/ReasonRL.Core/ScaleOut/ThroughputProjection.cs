namespace ReasonRL.Core.ScaleOut;

/// <summary>
/// What one GRPO step costs, part by part, measured on one machine (see <c>reasonrl bench --cluster-projection</c>).
/// </summary>
/// <param name="Units">Rollout units per step (<c>rollout.partitions</c>, at most the step's prompts).</param>
/// <param name="UnitSeconds">Sampling and verifying one unit on one worker.</param>
/// <param name="UnitOverheadSeconds">Per unit, what handing it to a worker adds: the round trip less the worker's compute.</param>
/// <param name="PublishSeconds">The trainer writing one policy version's weights for the workers (once per step).</param>
/// <param name="LoadSeconds">A worker reading and loading a newly published version (every worker at once, once per step).</param>
/// <param name="TrainerSeconds">The trainer's own work in a synchronous step: the reference scoring pass and the policy update.</param>
/// <param name="RecomputeSeconds">What off-policy steps add on the trainer: π_old recomputed (a scoring pass; <c>old_log_probs: trainer</c>).</param>
/// <param name="SnapshotSeconds">What off-policy steps add on the trainer before it can go on: the frozen copy of the policy that later steps sample.</param>
public sealed record StepCosts(
    int Units, double UnitSeconds, double UnitOverheadSeconds, double PublishSeconds, double LoadSeconds,
    double TrainerSeconds, double RecomputeSeconds, double SnapshotSeconds);

/// <summary>A projected steady-state step: how long the rollouts and the trainer's work take, and the step as a whole.</summary>
public sealed record ProjectedStep(double RolloutSeconds, double TrainerSeconds, double StepSeconds)
{
    public double StepsPerSecond => 1 / StepSeconds;
}

/// <summary>
/// How GRPO steps per second grow with the number of rollout workers, projected from measured component costs
/// (<see cref="StepCosts"/>). A model, not a measurement; it assumes:
/// <list type="bullet">
/// <item>each worker is a machine of its own, as fast at sampling as the one the costs were measured on, and the
/// trainer is another (so sampling and training never share cores);</item>
/// <item>costs are constant from step to step (same lengths, no stragglers); a worker runs one unit at a time, as
/// <c>ClusterRolloutWorkers</c> hands them out, so the slowest worker runs ⌈units / W⌉ units, each paying its
/// dispatch overhead; a unit costs the same whichever worker runs it;</item>
/// <item>every step publishes one version, and every worker loads it at the same time (a shared file system that does
/// not slow down with readers);</item>
/// <item>steady state: the warm-up steps of an off-policy run (t &lt; k), the first unit's load and JIT, and held-out
/// evaluations and checkpoints are left out.</item>
/// </list>
/// Synchronous (<c>max_staleness: 0</c>): publish → units spread over the workers → score and update, one after the
/// other: step = R(W) + T, with the rollout part R(W) = publish + load + ⌈units / W⌉ × (unit + overhead).
/// Off-policy (<c>max_staleness: k ≥ 1</c>, as <c>RolloutPipeline</c> schedules it): the rollouts of step t+1 (publication
/// included) run while the trainer updates on step t, one rollout after another, so a step costs whichever side is
/// slower: step = max(T + recompute + snapshot, R(W)). A larger k changes nothing here, since costs are constant; it
/// only absorbs variation between steps.
/// </summary>
public static class ThroughputProjection
{
    /// <summary>A steady-state step with <paramref name="workers"/> cluster workers and <paramref name="maxStaleness"/> (k).</summary>
    public static ProjectedStep Step(StepCosts costs, int workers, int maxStaleness)
    {
        ArgumentNullException.ThrowIfNull(costs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        ArgumentOutOfRangeException.ThrowIfNegative(maxStaleness);
        Validate(costs);
        var rounds = (costs.Units + workers - 1) / workers; // the busiest worker's units: ⌈units / W⌉
        var rollout = costs.PublishSeconds + costs.LoadSeconds + (rounds * (costs.UnitSeconds + costs.UnitOverheadSeconds));
        if (maxStaleness == 0)
        {
            return new ProjectedStep(rollout, costs.TrainerSeconds, rollout + costs.TrainerSeconds);
        }

        var trainer = costs.TrainerSeconds + costs.RecomputeSeconds + costs.SnapshotSeconds;
        return new ProjectedStep(rollout, trainer, Math.Max(trainer, rollout));
    }

    /// <summary>The same step in the trainer's own process (<c>workers: local</c>, synchronous): every unit in turn, nothing published or sent.</summary>
    public static ProjectedStep Local(StepCosts costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        Validate(costs);
        var rollout = costs.Units * costs.UnitSeconds;
        return new ProjectedStep(rollout, costs.TrainerSeconds, rollout + costs.TrainerSeconds);
    }

    private static void Validate(StepCosts costs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(costs.Units);
        foreach (var (value, name) in new[]
        {
            (costs.UnitSeconds, nameof(costs.UnitSeconds)), (costs.UnitOverheadSeconds, nameof(costs.UnitOverheadSeconds)),
            (costs.PublishSeconds, nameof(costs.PublishSeconds)), (costs.LoadSeconds, nameof(costs.LoadSeconds)),
            (costs.TrainerSeconds, nameof(costs.TrainerSeconds)), (costs.RecomputeSeconds, nameof(costs.RecomputeSeconds)),
            (costs.SnapshotSeconds, nameof(costs.SnapshotSeconds)),
        })
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                throw new ArgumentOutOfRangeException(name, value, "a cost must be a finite number of seconds ≥ 0");
            }
        }
    }
}
