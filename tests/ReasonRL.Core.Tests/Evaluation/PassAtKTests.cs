using System.Numerics;
using ReasonRL.Core.Evaluation;

namespace ReasonRL.Core.Tests.Evaluation;

public class PassAtKTests
{
    [Theory]
    [InlineData(5, 0, 1, 0.0)]
    [InlineData(5, 5, 3, 1.0)]
    [InlineData(5, 2, 1, 0.4)] // 1 - C(3,1)/C(5,1) = 1 - 3/5
    [InlineData(5, 2, 2, 0.7)] // 1 - C(3,2)/C(5,2) = 1 - 3/10
    [InlineData(5, 2, 3, 0.9)] // 1 - C(3,3)/C(5,3) = 1 - 1/10
    [InlineData(5, 2, 4, 1.0)] // n - c < k: every 4-subset holds a correct sample
    [InlineData(4, 1, 2, 0.5)] // 1 - C(3,2)/C(4,2) = 1 - 3/6
    [InlineData(10, 3, 5, 11.0 / 12)] // 1 - C(7,5)/C(10,5) = 1 - 21/252
    [InlineData(200, 1, 100, 0.5)] // 1 - C(199,100)/C(200,100) = 1 - 100/200
    [InlineData(1000, 10, 1, 0.01)]
    public void Matches_hand_computed_values(int n, int c, int k, double expected) =>
        Assert.Equal(expected, PassAtK.Estimate(n, c, k), 12);

    [Fact]
    public void The_product_form_equals_the_binomial_form()
    {
        for (var n = 1; n <= 40; n++)
        {
            for (var c = 0; c <= n; c++)
            {
                for (var k = 1; k <= n; k++)
                {
                    var exact = 1.0 - (double)Binomial(n - c, k) / (double)Binomial(n, k);
                    Assert.Equal(exact, PassAtK.Estimate(n, c, k), 10);
                }
            }
        }
    }

    [Fact]
    public void Stays_finite_where_binomials_overflow_doubles()
    {
        var value = PassAtK.Estimate(5000, 3, 1000);

        Assert.InRange(value, 0.0, 1.0);
        Assert.Equal(1.0 - (4000.0 * 3999 * 3998) / (5000.0 * 4999 * 4998), value, 12);
    }

    [Fact]
    public void Pass_at_1_is_the_fraction_correct() =>
        Assert.Equal(3.0 / 8, PassAtK.Estimate(8, 3, 1), 12);

    [Fact]
    public void The_mean_averages_over_problems() =>
        Assert.Equal((0.4 + 1.0) / 2, PassAtK.Mean([5, 3], [2, 3], 1), 12);

    [Theory]
    [InlineData(5, 6, 1)]
    [InlineData(5, -1, 1)]
    [InlineData(5, 2, 0)]
    [InlineData(5, 2, 6)]
    public void Rejects_impossible_counts(int n, int c, int k) =>
        Assert.ThrowsAny<ArgumentException>(() => PassAtK.Estimate(n, c, k));

    private static BigInteger Binomial(int n, int k)
    {
        if (k < 0 || k > n)
        {
            return 0;
        }

        BigInteger result = 1;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }
}
