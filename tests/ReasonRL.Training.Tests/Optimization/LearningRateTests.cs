using ReasonRL.Training.Optimization;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Tests.Optimization;

public class LearningRateTests
{
    private static readonly OptimizerSection Cosine = new() { LearningRate = 1e-3, WarmupSteps = 10, MinLearningRateRatio = 0.1 };

    [Theory]
    [InlineData(0, 1e-4)]     // warmup: (0 + 1) / 10 of the peak
    [InlineData(9, 1e-3)]     // end of warmup reaches the peak
    [InlineData(10, 1e-3)]    // decay starts at the peak
    [InlineData(60, 5.5e-4)]  // halfway: floor + (peak − floor) / 2
    [InlineData(110, 1e-4)]   // the end: the floor, 0.1 × peak
    [InlineData(500, 1e-4)]   // beyond the end: stays at the floor
    public void Cosine_warms_up_linearly_then_decays_to_the_floor(int step, double expected) =>
        Assert.Equal(expected, LearningRate.At(step, totalSteps: 110, Cosine), 12);

    [Theory]
    [InlineData(LearningRateSchedule.Constant, 60, 1e-3)]
    [InlineData(LearningRateSchedule.Linear, 60, 5.5e-4)]
    [InlineData(LearningRateSchedule.Linear, 35, 7.75e-4)] // a quarter of the way down
    public void Other_schedules_follow_their_shape(LearningRateSchedule schedule, int step, double expected) =>
        Assert.Equal(expected, LearningRate.At(step, totalSteps: 110, Cosine with { Schedule = schedule }), 12);
}
