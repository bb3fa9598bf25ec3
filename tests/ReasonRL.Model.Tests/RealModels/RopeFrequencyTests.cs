using ReasonRL.Model.Transformer;

namespace ReasonRL.Model.Tests.RealModels;

/// <summary>The scaled rotary frequencies against values worked out by hand from the formulas.</summary>
public sealed class RopeFrequencyTests
{
    private static double[] Plain(int headDim, double theta) =>
        [.. Enumerable.Range(0, headDim / 2).Select(i => 1.0 / Math.Pow(theta, 2.0 * i / headDim))];

    [Fact]
    public void Yarn_keeps_fast_dimensions_interpolates_slow_ones_and_ramps_between()
    {
        // head_dim 64, base 10000, original context 4096, β_fast 32, β_slow 1:
        // low  = floor(64·ln(4096 / (32·2π)) / (2·ln 10000)) = floor(64·3.0141 / 18.4207) = floor(10.47) = 10
        // high = ceil (64·ln(4096 / (1·2π))  / (2·ln 10000)) = ceil (64·6.4799 / 18.4207) = ceil (22.51) = 23
        var inverse = Plain(64, 10000);
        var scaled = (double[])inverse.Clone();
        var attention = RopeFrequencies.Scale(scaled, 10000, new RopeScaling(RopeScalingKind.Yarn, 4.0, OriginalContextLength: 4096), contextLength: 16384);

        for (var i = 0; i <= 10; i++)
        {
            Assert.Equal(inverse[i], scaled[i], 15);
        }

        for (var i = 23; i < 32; i++)
        {
            Assert.Equal(inverse[i] / 4.0, scaled[i], 15);
        }

        var ramp = (16 - 10) / 13.0; // dimension 16 is 6/13 of the way from 10 to 23
        Assert.Equal((inverse[16] / 4.0 * ramp) + (inverse[16] * (1 - ramp)), scaled[16], 15);
        Assert.Equal((0.1 * Math.Log(4.0)) + 1.0, attention, 12); // 1.13863
    }

    [Fact]
    public void Yarn_attention_factor_follows_mscale_and_mscale_all_dim()
    {
        var inverse = Plain(16, 10000);
        var same = RopeFrequencies.Scale((double[])inverse.Clone(), 10000, new RopeScaling(RopeScalingKind.Yarn, 40.0, 4096, Mscale: 0.707, MscaleAllDim: 0.707), 163840);
        var explicitFactor = RopeFrequencies.Scale((double[])inverse.Clone(), 10000, new RopeScaling(RopeScalingKind.Yarn, 40.0, 4096, AttentionFactor: 0.5), 163840);
        var ratio = RopeFrequencies.Scale((double[])inverse.Clone(), 10000, new RopeScaling(RopeScalingKind.Yarn, 40.0, 4096, Mscale: 1.0, MscaleAllDim: 0.5), 163840);

        Assert.Equal(1.0, same, 12);
        Assert.Equal(0.5, explicitFactor, 12);
        Assert.Equal(((0.1 * Math.Log(40)) + 1) / ((0.05 * Math.Log(40)) + 1), ratio, 12); // 1.3689 / 1.1844
    }

    [Fact]
    public void Llama3_keeps_short_wavelengths_divides_long_ones_and_smooths_between()
    {
        // head_dim 8, base 10000: θ = 1, 0.1, 0.01, 0.001; wavelengths 2π/θ = 6.28, 62.8, 628, 6283.
        // original 64, low_freq_factor 1, high_freq_factor 4: kept below 16, divided above 64, smoothed between.
        var scaled = Plain(8, 10000);
        RopeFrequencies.Scale(scaled, 10000, new RopeScaling(RopeScalingKind.Llama3, 8.0, OriginalContextLength: 64, LowFreqFactor: 1, HighFreqFactor: 4), 512);

        Assert.Equal(1.0, scaled[0], 15);
        var smooth = ((64 / (2 * Math.PI / 0.1)) - 1) / 3; // (64 / 62.83 − 1) / 3 = 0.00627
        Assert.Equal(((1 - smooth) * 0.1 / 8) + (smooth * 0.1), scaled[1], 15);
        Assert.Equal(0.01 / 8, scaled[2], 15);
        Assert.Equal(0.001 / 8, scaled[3], 15);
    }

    [Fact]
    public void Linear_scaling_divides_every_frequency()
    {
        var scaled = Plain(8, 10000);
        var attention = RopeFrequencies.Scale(scaled, 10000, new RopeScaling(RopeScalingKind.Linear, 2.0), 64);

        Assert.Equal(Plain(8, 10000).Select(f => f / 2), scaled);
        Assert.Equal(1.0, attention);
    }
}
