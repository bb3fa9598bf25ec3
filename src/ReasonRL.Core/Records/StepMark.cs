namespace ReasonRL.Core.Records;

/// <summary>
/// Where one reasoning step of a completion ends and whether a step-checking verifier found it correct:
/// the raw material for process rewards. <see cref="End"/> is a character offset into the completion
/// (exclusive), so the step's text is <c>completion[previousEnd..End]</c>.
/// </summary>
public sealed record StepMark(int End, bool Correct);
