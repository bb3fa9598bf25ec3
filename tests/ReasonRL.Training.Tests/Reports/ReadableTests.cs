using ReasonRL.Training.Reports;

namespace ReasonRL.Training.Tests.Reports;

public sealed class ReadableTests
{
    [Theory]
    [InlineData("eval/pass@1", MetricUnit.Fraction)]
    [InlineData("maj@8", MetricUnit.Fraction)]
    [InlineData("pass_rate", MetricUnit.Fraction)]
    [InlineData("completions/clipped_ratio", MetricUnit.Fraction)]
    [InlineData("flags/passes_visible_fails_hidden", MetricUnit.Fraction)]
    [InlineData("time/sampling", MetricUnit.Seconds)]
    [InlineData("step_time", MetricUnit.Seconds)]
    [InlineData("compute/flops", MetricUnit.Flops)]
    [InlineData("sampled_tokens", MetricUnit.Count)]
    [InlineData("num_tokens", MetricUnit.Count)]
    [InlineData("kl", MetricUnit.Plain)]
    [InlineData("completions/mean_length", MetricUnit.Plain)]
    public void A_metric_is_read_in_the_unit_its_name_implies(string metric, MetricUnit unit) =>
        Assert.Equal(unit, Readable.UnitOf(metric));

    [Theory]
    [InlineData(MetricUnit.Fraction, 0.4081, "40.8%")]
    [InlineData(MetricUnit.Fraction, 1.0, "100.0%")]
    [InlineData(MetricUnit.Count, 1234567.4, "1,234,567")]
    [InlineData(MetricUnit.Seconds, 0.42, "0.42 s")]
    [InlineData(MetricUnit.Seconds, 42.4, "42 s")]
    [InlineData(MetricUnit.Seconds, 200, "3 min 20 s")]
    [InlineData(MetricUnit.Seconds, 7500, "2 h 05 min")]
    [InlineData(MetricUnit.Flops, 21356328294400, "21.4 TFLOP")]
    [InlineData(MetricUnit.Flops, 999_960, "1 MFLOP")]
    [InlineData(MetricUnit.Flops, 512, "512 FLOP")]
    [InlineData(MetricUnit.Plain, 0.04, "0.04")]
    [InlineData(MetricUnit.Plain, 12.345, "12.3")]
    [InlineData(MetricUnit.Plain, 54321, "54,321")]
    [InlineData(MetricUnit.Plain, 0.000012, "1.2e-5")]
    [InlineData(MetricUnit.Plain, -0.5, "-0.5")]
    [InlineData(MetricUnit.Plain, 0, "0")]
    [InlineData(MetricUnit.Plain, double.NaN, "–")]
    public void Numbers_are_formatted_for_people(MetricUnit unit, double value, string expected) =>
        Assert.Equal(expected, Readable.Value(unit, value));

    [Theory]
    [InlineData(0.28, "+28.0 pts")]
    [InlineData(-0.05, "−5.0 pts")]
    [InlineData(0, "0.0 pts")]
    public void Changes_of_fractions_read_as_percentage_points(double difference, string expected) =>
        Assert.Equal(expected, Readable.PercentagePoints(difference));
}
