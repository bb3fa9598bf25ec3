using ReasonRL.Core.Rl;

namespace ReasonRL.Core.Tests.Rl;

public class OutcomeAdvantagesTests
{
    private const double Eps = OutcomeAdvantages.DefaultEpsilon;

    [Fact]
    public void Equal_rewards_give_zero_advantages_under_every_scale()
    {
        foreach (var scale in Enum.GetValues<AdvantageScale>())
        {
            Assert.All(OutcomeAdvantages.Compute([1, 1, 1, 1, 0, 0, 0, 0], 4, scale), a => Assert.Equal(0.0, a));
        }
    }

    [Fact]
    public void Group_scale_divides_the_centred_reward_by_the_groups_sample_std()
    {
        // Group [1, 0, 0, 0]: mean 0.25; sample std = sqrt((0.75² + 3·0.25²) / 3) = sqrt(0.25) = 0.5.
        var advantages = OutcomeAdvantages.Compute([1, 0, 0, 0], 4, AdvantageScale.Group);

        Assert.Equal(0.75 / (0.5 + Eps), advantages[0], 12);
        Assert.All(advantages[1..], a => Assert.Equal(-0.25 / (0.5 + Eps), a, 12));
    }

    [Fact]
    public void No_scale_only_centres_the_rewards()
    {
        Assert.Equal([0.75, -0.25, -0.25, -0.25], OutcomeAdvantages.Compute([1, 0, 0, 0], 4, AdvantageScale.None));
    }

    [Fact]
    public void Batch_scale_centres_per_group_but_divides_by_the_batch_std()
    {
        // Groups [1, 0] and [1, 1]; batch [1, 0, 1, 1]: mean 0.75, sample std = sqrt((3·0.25² + 0.75²) / 3) = 0.5.
        var advantages = OutcomeAdvantages.Compute([1, 0, 1, 1], 2, AdvantageScale.Batch);

        Assert.Equal(0.5 / (0.5 + Eps), advantages[0], 12);
        Assert.Equal(-0.5 / (0.5 + Eps), advantages[1], 12);
        Assert.Equal([0.0, 0.0], advantages[2..]);
    }

    [Fact]
    public void Groups_are_normalised_independently()
    {
        // [0, 2] and [10, 30]: each group has sample std √2·(half range): 1.4142… and 14.142…; centred ±1 and ±10.
        var advantages = OutcomeAdvantages.Compute([0, 2, 10, 30], 2, AdvantageScale.Group);

        Assert.Equal(-1 / (Math.Sqrt(2) + Eps), advantages[0], 12);
        Assert.Equal(10 / (Math.Sqrt(200) + Eps), advantages[3], 12);
    }

    [Fact]
    public void Rewards_that_do_not_fill_whole_groups_are_rejected() =>
        Assert.Throws<ArgumentException>(() => OutcomeAdvantages.Compute([1, 0, 1], 2, AdvantageScale.Group));
}
