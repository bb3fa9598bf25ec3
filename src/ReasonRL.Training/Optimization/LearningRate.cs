using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Optimization;

/// <summary>The learning rate at a step: linear warmup from 0, then constant, cosine or linear decay to a floor.</summary>
public static class LearningRate
{
    /// <param name="step">0-based optimizer step.</param>
    /// <param name="totalSteps">Steps of the whole run (decay ends here).</param>
    public static double At(int step, int totalSteps, OptimizerSection optimizer)
    {
        var peak = optimizer.LearningRate;
        if (step < optimizer.WarmupSteps)
        {
            return peak * (step + 1) / optimizer.WarmupSteps;
        }

        var floor = peak * optimizer.MinLearningRateRatio;
        var decaySteps = Math.Max(1, totalSteps - optimizer.WarmupSteps);
        var progress = Math.Clamp((double)(step - optimizer.WarmupSteps) / decaySteps, 0.0, 1.0);
        return optimizer.Schedule switch
        {
            LearningRateSchedule.Constant => peak,
            LearningRateSchedule.Linear => peak + ((floor - peak) * progress),
            LearningRateSchedule.Cosine => floor + ((peak - floor) * 0.5 * (1.0 + Math.Cos(Math.PI * progress))),
            _ => throw new ArgumentOutOfRangeException(nameof(optimizer), optimizer.Schedule, null),
        };
    }
}
