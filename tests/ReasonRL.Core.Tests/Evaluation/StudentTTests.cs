using ReasonRL.Core.Evaluation;

namespace ReasonRL.Core.Tests.Evaluation;

public class StudentTTests
{
    // Printed t tables (e.g. NIST/SEMATECH e-Handbook §1.3.6.7.2) give three decimals.
    [Theory]
    [InlineData(0.975, 1, 12.706)]
    [InlineData(0.975, 2, 4.303)]
    [InlineData(0.975, 3, 3.182)]
    [InlineData(0.975, 4, 2.776)]
    [InlineData(0.975, 5, 2.571)]
    [InlineData(0.975, 10, 2.228)]
    [InlineData(0.975, 30, 2.042)]
    [InlineData(0.975, 100, 1.984)]
    [InlineData(0.95, 1, 6.314)]
    [InlineData(0.95, 5, 2.015)]
    [InlineData(0.995, 3, 5.841)]
    public void Quantiles_match_the_printed_table(double p, int degreesOfFreedom, double expected) =>
        Assert.Equal(expected, StudentT.Quantile(p, degreesOfFreedom), 3);

    // ν = 1 is the Cauchy distribution: t_p = tan(π(p − ½)). ν = 2 has t_p = (2p − 1) / √(2p(1 − p)).
    [Theory]
    [InlineData(0.6)]
    [InlineData(0.9)]
    [InlineData(0.975)]
    [InlineData(0.999)]
    public void Quantiles_for_one_and_two_degrees_of_freedom_match_their_closed_forms(double p)
    {
        Assert.Equal(Math.Tan(Math.PI * (p - 0.5)), StudentT.Quantile(p, 1), 9);
        Assert.Equal(((2 * p) - 1) / Math.Sqrt(2 * p * (1 - p)), StudentT.Quantile(p, 2), 9);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(12.0)]
    public void The_distribution_is_symmetric_about_zero(double degreesOfFreedom)
    {
        Assert.Equal(0.5, StudentT.Cdf(0, degreesOfFreedom), 12);
        Assert.Equal(1 - StudentT.Cdf(1.7, degreesOfFreedom), StudentT.Cdf(-1.7, degreesOfFreedom), 12);
        Assert.Equal(-StudentT.Quantile(0.9, degreesOfFreedom), StudentT.Quantile(0.1, degreesOfFreedom), 9);
    }

    [Fact]
    public void Cdf_and_quantile_invert_each_other() =>
        Assert.Equal(0.975, StudentT.Cdf(StudentT.Quantile(0.975, 7), 7), 12);

    [Fact]
    public void Many_degrees_of_freedom_approach_the_normal_quantile() =>
        // z_{0.975} = 1.9599640; at ν = 10⁶ the t quantile exceeds it by z(1 + z²)/(4ν) = 2.37e-6 (the first term of
        // the Cornish–Fisher expansion, A&S 26.7.5): 1.9599664.
        Assert.Equal(1.9599664, StudentT.Quantile(0.975, 1_000_000), 6);
}
