using ReasonRL.Core.Prm;

namespace ReasonRL.Core.Tests.Prm;

public class SolutionScoreTests
{
    [Theory]
    [InlineData(ScoreAggregation.Min, new[] { 0.9, 0.5, 0.8 }, 0.5)]
    [InlineData(ScoreAggregation.Product, new[] { 0.9, 0.5, 0.8 }, 0.36)]
    [InlineData(ScoreAggregation.Min, new double[0], 1.0)]
    [InlineData(ScoreAggregation.Product, new double[0], 1.0)]
    [InlineData(ScoreAggregation.Product, new[] { 0.5, 0.5, 0.5, 0.5 }, 0.0625)]
    public void Step_probabilities_aggregate_to_the_solution_score(ScoreAggregation aggregation, double[] steps, double expected) =>
        Assert.Equal(expected, SolutionScore.Of(steps, aggregation), 12);
}
