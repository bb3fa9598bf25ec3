using ReasonRL.Core.ScaleOut;

namespace ReasonRL.Core.Tests.ScaleOut;

public class ThroughputProjectionTests
{
    // 4 units of 2 s, 0.1 s overhead each, publish 0.5 s, load 0.25 s, trainer 3 s (+1 s recompute, +0.05 s snapshot off-policy).
    private static readonly StepCosts Costs = new(
        Units: 4, UnitSeconds: 2, UnitOverheadSeconds: 0.1, PublishSeconds: 0.5, LoadSeconds: 0.25,
        TrainerSeconds: 3, RecomputeSeconds: 1, SnapshotSeconds: 0.05);

    /// <summary>
    /// By hand: R(W) = 0.5 + 0.25 + ⌈4 / W⌉ × 2.1; synchronous R + 3; off-policy max(3 + 1 + 0.05, R).
    /// W = 1: R = 9.15 → 12.15 | 9.15.  W = 2: R = 4.95 → 7.95 | 4.95.  W = 3: ⌈4/3⌉ = 2, as W = 2.
    /// W = 4: R = 2.85 → 5.85 | 4.05 (the trainer bounds it).  W = 8 (fewer units than workers): as W = 4.
    /// </summary>
    [Theory]
    [InlineData(1, 9.15, 12.15, 9.15)]
    [InlineData(2, 4.95, 7.95, 4.95)]
    [InlineData(3, 4.95, 7.95, 4.95)]
    [InlineData(4, 2.85, 5.85, 4.05)]
    [InlineData(8, 2.85, 5.85, 4.05)]
    public void Step_time_follows_the_hand_worked_table(int workers, double rollout, double synchronous, double stale)
    {
        var sync = ThroughputProjection.Step(Costs, workers, maxStaleness: 0);
        var overlapped = ThroughputProjection.Step(Costs, workers, maxStaleness: 1);

        Assert.Equal(rollout, sync.RolloutSeconds, 12);
        Assert.Equal(3, sync.TrainerSeconds, 12);
        Assert.Equal(synchronous, sync.StepSeconds, 12);
        Assert.Equal(1 / synchronous, sync.StepsPerSecond, 12);
        Assert.Equal(rollout, overlapped.RolloutSeconds, 12);
        Assert.Equal(4.05, overlapped.TrainerSeconds, 12);
        Assert.Equal(stale, overlapped.StepSeconds, 12);
    }

    [Fact]
    public void More_staleness_than_one_changes_nothing_at_constant_costs()
    {
        Assert.Equal(ThroughputProjection.Step(Costs, 2, 1), ThroughputProjection.Step(Costs, 2, 4));
    }

    [Fact]
    public void A_local_step_runs_every_unit_in_turn_without_publication_or_overhead()
    {
        // 4 × 2 + 3 = 11 s: less than one cluster worker's 12.15 s, which pays publication, load and dispatch.
        var local = ThroughputProjection.Local(Costs);

        Assert.Equal(8, local.RolloutSeconds, 12);
        Assert.Equal(11, local.StepSeconds, 12);
        Assert.True(local.StepSeconds < ThroughputProjection.Step(Costs, 1, 0).StepSeconds);
    }

    [Fact]
    public void Off_policy_never_costs_more_than_synchronous_when_nothing_is_added_on_the_trainer()
    {
        var free = Costs with { RecomputeSeconds = 0, SnapshotSeconds = 0 };
        for (var workers = 1; workers <= 16; workers++)
        {
            Assert.True(ThroughputProjection.Step(free, workers, 1).StepSeconds <= ThroughputProjection.Step(free, workers, 0).StepSeconds);
        }
    }

    [Fact]
    public void Bad_inputs_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ThroughputProjection.Step(Costs, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThroughputProjection.Step(Costs, 1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThroughputProjection.Step(Costs with { Units = 0 }, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThroughputProjection.Step(Costs with { LoadSeconds = -1 }, 1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ThroughputProjection.Local(Costs with { UnitSeconds = double.NaN }));
    }
}
