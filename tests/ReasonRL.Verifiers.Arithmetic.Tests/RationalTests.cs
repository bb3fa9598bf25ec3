using ReasonRL.Verifiers.Arithmetic.Numbers;

namespace ReasonRL.Verifiers.Arithmetic.Tests;

public class RationalTests
{
    [Theory]
    [InlineData(6, 8, "3/4")]
    [InlineData(-6, 8, "-3/4")]
    [InlineData(6, -8, "-3/4")]
    [InlineData(-6, -8, "3/4")]
    [InlineData(0, 5, "0")]
    [InlineData(10, 5, "2")]
    public void Fractions_are_kept_in_lowest_terms_with_a_positive_denominator(int numerator, int denominator, string expected) =>
        Assert.Equal(expected, Rational.Of(numerator, denominator).ToString());

    [Fact]
    public void Arithmetic_is_exact()
    {
        var third = Rational.Of(1, 3);

        Assert.Equal(Rational.One, third * 3);
        Assert.Equal(Rational.Of(5, 6), third + Rational.Of(1, 2));
        Assert.Equal(Rational.Of(-1, 6), third - Rational.Of(1, 2));
        Assert.Equal(Rational.Of(2, 3), third / Rational.Of(1, 2));
        Assert.Equal("1000000000000000000000000000000", (Rational.FromInteger(1_000_000_000_000_000) * 1_000_000_000 * 1_000_000).ToString());
    }

    [Fact]
    public void Division_by_zero_is_reported_not_thrown_by_TryDivide()
    {
        Assert.False(Rational.TryDivide(3, Rational.Zero, out _));
        Assert.Throws<DivideByZeroException>(() => Rational.One / Rational.Zero);
    }

    [Fact]
    public void Default_is_zero_and_equal_to_zero()
    {
        Rational unset = default;

        Assert.Equal(Rational.Zero, unset);
        Assert.Equal(Rational.FromInteger(0), unset);
        Assert.Equal(Rational.Of(0, 7), unset);
        Assert.Equal(Rational.One, unset + 1);
        Assert.True(unset.IsInteger);
    }

    [Fact]
    public void Comparison_orders_by_value()
    {
        Assert.True(Rational.Of(1, 3) < Rational.Of(1, 2));
        Assert.True(Rational.Of(-1, 2) < Rational.Of(-1, 3));
        Assert.True(Rational.Of(4, 2) >= 2);
    }
}
