using ReasonRL.Core.Rl;

namespace ReasonRL.Core.Tests.Rl;

public class StepRewardSchemeTests
{
    [Theory]
    [InlineData(StepRewardValues.PlusMinusOne, AfterFirstError.AsJudged, new[] { 1.0, -1.0, 1.0, 1.0 })]
    [InlineData(StepRewardValues.PlusMinusOne, AfterFirstError.Incorrect, new[] { 1.0, -1.0, -1.0, -1.0 })]
    [InlineData(StepRewardValues.ZeroOne, AfterFirstError.AsJudged, new[] { 1.0, 0.0, 1.0, 1.0 })]
    [InlineData(StepRewardValues.ZeroOne, AfterFirstError.Incorrect, new[] { 1.0, 0.0, 0.0, 0.0 })]
    public void Steps_earn_their_values_and_errors_can_poison_what_follows(StepRewardValues values, AfterFirstError after, double[] expected) =>
        Assert.Equal(expected, new StepRewardScheme(values, after).Rewards([true, false, true, true]));
}
