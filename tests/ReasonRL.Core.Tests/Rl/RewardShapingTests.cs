using ReasonRL.Core.Rl;

namespace ReasonRL.Core.Tests.Rl;

public class RewardShapingTests
{
    [Theory]
    [InlineData(50, 0.0)]
    [InlineData(80, 0.0)]   // L_max − L_cache: the last unpenalised length
    [InlineData(90, -0.5)]  // halfway through the soft band
    [InlineData(100, -1.0)] // L_max
    [InlineData(101, -1.0)] // beyond L_max
    public void The_overlong_penalty_is_zero_then_linear_then_minus_one(int length, double expected) =>
        Assert.Equal(expected, OverlongPenalty.Of(length, maxLength: 100, cacheLength: 20), 12);

    [Fact]
    public void Dynamic_sampling_keeps_only_groups_whose_rewards_differ() =>
        Assert.Equal(
            [true, false, false, true],
            GroupFilter.Informative([1, 0, 0, /**/ 1, 1, 1, /**/ 0, 0, 0, /**/ 0.5, 0.5, 0.7], groupSize: 3));
}
