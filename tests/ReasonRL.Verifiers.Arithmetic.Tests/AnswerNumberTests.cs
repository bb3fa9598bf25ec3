using ReasonRL.Verifiers.Arithmetic.Numbers;

namespace ReasonRL.Verifiers.Arithmetic.Tests;

public class AnswerNumberTests
{
    [Theory]
    [InlineData("118", "118")]
    [InlineData("  118 \n", "118")]
    [InlineData("118.", "118")]
    [InlineData("118.0", "118")]
    [InlineData("118.000.", "118")]
    [InlineData("0118", "118")]
    [InlineData("-7", "-7")]
    [InlineData("\u22127", "-7")]
    [InlineData("-0", "0")]
    [InlineData("0.5", "1/2")]
    [InlineData("1/2", "1/2")]
    [InlineData("2/4", "1/2")]
    [InlineData("-3/4", "-3/4")]
    [InlineData("\u22123/4", "-3/4")]
    [InlineData("0/5", "0")]
    [InlineData("1,234", "1234")]
    [InlineData("1,234,567", "1234567")]
    [InlineData("12,345.5", "24691/2")]
    [InlineData("1,000/2", "500")]
    public void Accepts_integers_decimals_fractions_and_grouped_thousands(string text, string expected)
    {
        Assert.True(AnswerNumber.TryParse(text, out var value));
        Assert.Equal(expected, value.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(".")]
    [InlineData("118..")]
    [InlineData("+118")]
    [InlineData("--7")]
    [InlineData("- 7")]
    [InlineData("118 apples")]
    [InlineData("$118")]
    [InlineData("118%")]
    [InlineData("one hundred")]
    [InlineData("118 119")]
    [InlineData("118, 119")]
    [InlineData("1e3")]
    [InlineData(".5")]
    [InlineData("1/0")]
    [InlineData("1/-2")]
    [InlineData("1 / 2")]
    [InlineData("1/2/3")]
    [InlineData("12,34")]
    [InlineData("1234,567")]
    [InlineData(",123")]
    [InlineData("1,2345")]
    [InlineData("1,23,456")]
    [InlineData("1,234,")]
    [InlineData("1.234,5")]
    [InlineData("37+81")]
    [InlineData("\u0661\u0662")]
    [InlineData("\uff11\uff12")]
    [InlineData("x = 118")]
    public void Refuses_everything_else(string text) =>
        Assert.False(AnswerNumber.TryParse(text, out _));

    [Fact]
    public void A_trailing_period_after_a_decimal_is_removed_once()
    {
        // A sentence-ending period after a decimal answer.
        Assert.True(AnswerNumber.TryParse("2.5.", out var value));
        Assert.Equal(Rational.Of(5, 2), value);
    }

    [Fact]
    public void Very_long_text_is_refused_without_parsing_it() =>
        Assert.False(AnswerNumber.TryParse(new string('9', AnswerNumber.MaxLength + 1), out _));
}
