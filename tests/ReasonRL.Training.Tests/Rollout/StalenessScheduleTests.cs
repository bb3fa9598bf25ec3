using ReasonRL.Training.Rollout;

namespace ReasonRL.Training.Tests.Rollout;

public sealed class StalenessScheduleTests
{
    [Theory]
    [InlineData(0, new[] { 0, 1, 2, 3, 4, 5 })]
    [InlineData(1, new[] { 0, 0, 1, 2, 3, 4 })]
    [InlineData(2, new[] { 0, 0, 0, 1, 2, 3 })]
    [InlineData(8, new[] { 0, 0, 0, 0, 0, 0 })]
    public void Step_t_samples_from_version_t_minus_k_never_below_zero(int k, int[] versionOfStep)
    {
        Assert.Equal(versionOfStep, Enumerable.Range(0, 6).Select(t => StalenessSchedule.SamplingVersion(t, k)));
        Assert.Equal(versionOfStep.Select((v, t) => t - v), Enumerable.Range(0, 6).Select(t => StalenessSchedule.Lag(t, k)));
    }

    [Theory]
    [InlineData(0, 0, 10, 0)]
    [InlineData(0, 1, 10, 1)]  // at the start, steps 0 and 1 both sample from version 0
    [InlineData(4, 1, 10, 5)]  // while step 4 updates, step 5 samples from version 4
    [InlineData(4, 2, 10, 6)]
    [InlineData(9, 2, 10, 9)]  // never past the run's last step
    public void Once_version_v_exists_every_step_up_to_v_plus_k_can_be_sampled(int version, int k, int steps, int lastStep)
    {
        Assert.Equal(lastStep, StalenessSchedule.LastStartable(version, k, steps));
    }

    [Theory]
    [InlineData(5, 0, 10, new int[0])]
    [InlineData(0, 2, 10, new int[0])]          // a fresh run holds nothing: version 0 is the policy
    [InlineData(1, 2, 10, new[] { 0 })]        // steps 1, 2 sample from version 0
    [InlineData(5, 1, 10, new[] { 4 })]        // step 5 samples from version 4
    [InlineData(5, 3, 10, new[] { 2, 3, 4 })]  // steps 5, 6, 7
    [InlineData(8, 3, 10, new[] { 5, 6 })]     // steps 8, 9: the run ends at 10
    public void A_checkpoint_before_step_t_holds_the_versions_steps_t_to_t_plus_k_minus_1_sample_from(int step, int k, int steps, int[] versions)
    {
        Assert.Equal(versions, StalenessSchedule.HeldVersions(step, k, steps));
    }
}
