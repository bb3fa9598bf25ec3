using ReasonRL.Core.Rl;

namespace ReasonRL.Core.Tests.Rl;

public class StepRewardTransformTests
{
    [Theory]
    // Gao et al. (arXiv 2410.15115) clip with η = 0.5: min(r − 0.5, 0) = [min(0.4, 0), min(−0.3, 0), min(0.1, 0)].
    [InlineData(StepRewardTransform.Clip, new[] { 0.0, -0.3, 0.0 })]
    // Delta: [0.9 − 0.2, 0.2 − 0.6, 0.6]; the suffix sums 0.9, 0.2, 0.6 give back each step's own reward.
    [InlineData(StepRewardTransform.Delta, new[] { 0.7, -0.4, 0.6 })]
    [InlineData(StepRewardTransform.None, new[] { 0.9, 0.2, 0.6 })]
    public void Each_refinement_matches_its_hand_computed_values(StepRewardTransform transform, double[] expected)
    {
        var refined = StepRewardTransforms.Apply([0.9, 0.2, 0.6], transform, eta: 0.5);

        Assert.Equal(expected.Length, refined.Length);
        for (var j = 0; j < expected.Length; j++)
        {
            Assert.Equal(expected[j], refined[j], 12);
        }
    }

    [Fact]
    public void Clipped_rewards_never_make_more_steps_pay()
    {
        var clipped = StepRewardTransforms.Apply([0.99, 0.98, 0.97, 0.96], StepRewardTransform.Clip, eta: 0.9);

        Assert.All(clipped, r => Assert.True(r <= 0));
    }
}
