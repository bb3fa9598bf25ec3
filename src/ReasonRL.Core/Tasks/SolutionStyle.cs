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

    /// <summary>
    /// An answer written at once (the lossy shortcut: a whole chain in one go), then checked by working the steps;
    /// when the check disagrees, the text says so and corrects the answer, e.g.
    /// "14\nWait, rework 7+3-1:\n7+3 = 10\n10-1 = 9\nit is 9, not 14.". Only families whose answer is the result of
    /// their last step write it (<see cref="ITaskFamily.Writes"/>).
    /// </summary>
    AnswerThenCheck,
}
