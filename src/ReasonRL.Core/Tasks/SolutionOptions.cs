namespace ReasonRL.Core.Tasks;

/// <summary>Knobs of <see cref="ITaskFamily.RenderSolution"/>.</summary>
public sealed record SolutionOptions
{
    /// <summary>
    /// In <see cref="SolutionStyle.StepsWithVerification"/>, the probability that a step is first written with a
    /// plausible mistake that the next sentence notices and corrects. At least one step of such a solution is
    /// always corrected, so the style is recognisable.
    /// </summary>
    public double MistakeRate { get; init; } = 0.3;

    public static SolutionOptions Default { get; } = new();
}
