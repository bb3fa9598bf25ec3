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

    /// <summary>
    /// In <see cref="SolutionStyle.AnswerThenCheck"/>, the probability that the answer written at once is wrong (and
    /// so corrected by the check). High by default: a first attempt made with a shortcut is often wrong, while the
    /// check, one small step at a time, is right.
    /// </summary>
    public double FirstAnswerMistakeRate { get; init; } = 0.8;

    /// <summary>
    /// In <see cref="SolutionStyle.AnswerThenCheck"/>, whether the check restates the question ("Wait, rework 7+3-1:")
    /// before the steps, or starts the steps at once ("Wait, rework:"), each step copying its operands from the prompt
    /// as plain worked steps do: a model that already works steps then needs no new long copy to check.
    /// </summary>
    public bool CheckRestatesQuestion { get; init; } = true;

    /// <summary>
    /// The probability that a solution special-cases the examples shown in its prompt instead of solving the task:
    /// a program that returns each example's expected value for exactly that example's input, and something trivial
    /// otherwise, as some scraped code does. Such a solution passes the visible examples and fails other inputs: the
    /// behaviour a verifier that checks only the visible examples rewards. Only families whose prompts show
    /// input/output examples (<c>code</c>) write them; the others ignore the rate.
    /// </summary>
    public double SpecialCasingRate { get; init; }

    public static SolutionOptions Default { get; } = new();
}
