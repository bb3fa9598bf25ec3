using ReasonRL.Core.Evaluation;

namespace ReasonRL.Core.Tests.Evaluation;

public class MeanIntervalTests
{
    [Fact]
    public void Three_values_give_the_mean_plus_minus_t_times_the_standard_error()
    {
        // {1, 2, 3}: x̄ = 2, s² = (1 + 0 + 1)/2 = 1, s/√n = 1/√3 = 0.577350; t_{0.975, 2} = 4.302653, so the half
        // width is 4.302653 × 0.577350 = 2.484138.
        var interval = MeanInterval.Of([1, 2, 3]);
        Assert.Equal(2, interval.Mean, 12);
        Assert.Equal(2.484138, interval.HalfWidth, 6);
        Assert.Equal(-0.484138, interval.Low, 6);
        Assert.Equal(4.484138, interval.High, 6);
        Assert.Equal(3, interval.Count);
    }

    [Fact]
    public void Four_pass_rates_give_a_hand_computed_interval()
    {
        // {0.40, 0.44, 0.45, 0.43}: x̄ = 0.43, squared deviations 0.0009 + 0.0001 + 0.0004 + 0 = 0.0014,
        // s² = 0.0014/3, s = 0.0216025, s/√4 = 0.0108012; t_{0.975, 3} = 3.182446, half width 0.0343743.
        var interval = MeanInterval.Of([0.40, 0.44, 0.45, 0.43]);
        Assert.Equal(0.43, interval.Mean, 12);
        Assert.Equal(0.0343743, interval.HalfWidth, 6);
    }

    [Fact]
    public void A_lower_confidence_gives_a_narrower_interval()
    {
        // {1, 2, 3} at 90 %: t_{0.95, 2} = 2.919986, half width 2.919986/√3 = 1.685854.
        Assert.Equal(1.685854, MeanInterval.Of([1, 2, 3], 0.90).HalfWidth, 6);
    }

    [Fact]
    public void Equal_values_have_a_zero_width_interval() =>
        Assert.Equal(0, MeanInterval.Of([0.3, 0.3, 0.3]).HalfWidth, 12);

    [Fact]
    public void One_value_has_a_mean_and_no_interval()
    {
        var interval = MeanInterval.Of([0.42]);
        Assert.Equal(0.42, interval.Mean, 12);
        Assert.True(double.IsNaN(interval.HalfWidth));
    }

    [Fact]
    public void No_values_or_an_impossible_confidence_are_refused()
    {
        Assert.Throws<ArgumentException>(() => MeanInterval.Of([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MeanInterval.Of([1, 2], 1.0));
    }
}
