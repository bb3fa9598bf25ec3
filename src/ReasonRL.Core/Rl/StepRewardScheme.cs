namespace ReasonRL.Core.Rl;

/// <summary>The values a correct and an incorrect step earn (YAML: <c>plus_minus_one</c> | <c>zero_one</c>).</summary>
public enum StepRewardValues
{
    /// <summary>+1 for a correct step, −1 for an incorrect one.</summary>
    PlusMinusOne,

    /// <summary>1 for a correct step, 0 for an incorrect one.</summary>
    ZeroOne,
}

/// <summary>What the steps after a solution's first error earn (YAML: <c>as_judged</c> | <c>incorrect</c>).</summary>
public enum AfterFirstError
{
    /// <summary>Each step earns what its own check says.</summary>
    AsJudged,

    /// <summary>
    /// Every step from the first error on counts as incorrect: the solution is no longer "on track" (the reading of
    /// Math-Shepherd and PRM800K labels), so a correct-looking step cannot repair credit after a mistake.
    /// </summary>
    Incorrect,
}

/// <summary>Turns per-step correctness into per-step rewards for process supervision.</summary>
public sealed record StepRewardScheme(StepRewardValues Values = StepRewardValues.PlusMinusOne, AfterFirstError After = AfterFirstError.AsJudged)
{
    public double[] Rewards(IReadOnlyList<bool> correct)
    {
        var rewards = new double[correct.Count];
        var onTrack = true;
        for (var j = 0; j < correct.Count; j++)
        {
            onTrack &= correct[j];
            var good = After == AfterFirstError.Incorrect ? onTrack : correct[j];
            rewards[j] = good ? 1.0 : Values == StepRewardValues.PlusMinusOne ? -1.0 : 0.0;
        }

        return rewards;
    }
}
