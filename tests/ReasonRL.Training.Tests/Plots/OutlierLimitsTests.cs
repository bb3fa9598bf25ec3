using ReasonRL.Training.Plots;

namespace ReasonRL.Training.Tests.Plots;

/// <summary>A lone extreme value is clipped from a chart instead of flattening every curve on it.</summary>
public sealed class OutlierLimitsTests
{
    private static double[] Ramp => [.. Enumerable.Range(0, 100).Select(i => i / 100.0)];

    [Fact]
    public void A_spike_far_outside_the_bulk_sets_limits_from_the_1st_and_99th_percentiles()
    {
        // 101 sorted values: the 1st percentile is index 1 (0.01), the 99th index 99 (0.99); width 0.98, widened by
        // 3 × 0.98 = 2.94 on each side.
        var limits = LinePlot.OutlierLimits([.. Ramp, 1000.0]);

        Assert.NotNull(limits);
        Assert.Equal(0.01 - 2.94, limits.Value.Low, 1e-12);
        Assert.Equal(0.99 + 2.94, limits.Value.High, 1e-12);
    }

    [Fact]
    public void Values_without_outliers_are_drawn_as_they_are()
    {
        Assert.Null(LinePlot.OutlierLimits(Ramp));
        Assert.Null(LinePlot.OutlierLimits([1.0, 1e6])); // too few values to tell a spike from a trend
    }

    [Fact]
    public void A_chart_with_a_spike_still_renders()
    {
        var x = Enumerable.Range(1, 101).Select(i => (double)i).ToArray();
        var png = LinePlot.Png("kl", "step", [new Series("arm", x, [.. Ramp, 272792.0])]);

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4).ToArray());
    }
}
