using ReasonRL.Training.Reports;

namespace ReasonRL.Training.Tests.Reports;

public class SeedBandsTests
{
    [Theory]
    [InlineData("outcome-s1", "outcome")]
    [InlineData("prm_outcome-s12", "prm_outcome")]
    [InlineData("beta0", "beta0")]
    [InlineData("seeds-sx", "seeds-sx")]
    public void Arms_named_config_dash_s_seed_belong_to_their_configuration(string arm, string configuration) =>
        Assert.Equal(configuration, SeedBands.ConfigurationOf(arm));

    [Fact]
    public void Seeds_are_interpolated_onto_the_x_values_they_share_and_summarised()
    {
        // Seed A: (0, 0), (10, 1), (20, 1); seed B: (0, 0.5), (15, 0.5). Common range [0, 15]; grid {0, 10, 15}.
        // At 10: A = 1, B = 0.5. At 15: A = 1 (between 1 and 1), B = 0.5. At 0: A = 0, B = 0.5.
        var band = SeedBands.Of("cfg", [([0, 10, 20], [0, 1, 1]), ([0, 15], [0.5, 0.5])])!;

        Assert.Equal(2, band.Seeds);
        Assert.Equal([0.0, 10.0, 15.0], band.X);
        Assert.Equal([0.25, 0.75, 0.75], band.Mean);
        Assert.Equal([0.0, 0.5, 0.5], band.Min);
        Assert.Equal([0.5, 1.0, 1.0], band.Max);
    }

    [Fact]
    public void Interpolation_is_linear_between_neighbours() =>
        Assert.Equal(0.75, SeedBands.Interpolate([0, 4], [0.5, 1.5], 1), 12);

    [Fact]
    public void Curves_that_never_overlap_give_no_band() =>
        Assert.Null(SeedBands.Of("cfg", [([0, 1], [0, 0]), ([2, 3], [1, 1])]));
}
