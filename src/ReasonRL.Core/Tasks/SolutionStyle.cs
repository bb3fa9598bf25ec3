namespace ReasonRL.Core.Tasks;

/// <summary>How a reference solution is written out; pretraining and SFT corpora mix these styles.</summary>
public enum SolutionStyle
{
    /// <summary>The answer alone, with an empty thinking section.</summary>
    Direct,

    /// <summary>Worked steps, one per line, then the answer.</summary>
    Steps,

    /// <summary>
    /// Worked steps in which some steps contain a plausible mistake that the text then notices and corrects,
    /// e.g. "… = 71. Wait, 23+45 is 68, not 71. …".
    /// </summary>
    StepsWithVerification,
}
