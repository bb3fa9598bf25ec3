using ReasonRL.Core.Randomness;

namespace ReasonRL.Core.Tasks;

/// <summary>
/// What a family gives <see cref="WorkedSolution"/> to write <see cref="SolutionStyle.AnswerThenCheck"/>: the question
/// restated at the head of the check ("rework 7+3-1:"), so the worked steps copy their operands from the line just
/// above rather than from the prompt far back, and a plausible wrong first answer.
/// </summary>
/// <param name="Question">The question as the check restates it, e.g. the expression "7+3-1".</param>
/// <param name="WrongAnswer">A plausible wrong answer; must differ from the right one.</param>
public sealed record AnswerCheck(string Question, Func<DeterministicRandom, string> WrongAnswer);
