using ReasonRL.Verifiers.Math.Latex;

namespace ReasonRL.Verifiers.Math.Extraction;

/// <summary>What one pattern found: where, and the pieces of the answer (several for a chain "$1$, $2$ and $3$").</summary>
internal sealed record AnswerCandidate(int Priority, int Start, int End, IReadOnlyList<AnswerPart> Parts);

/// <summary>One piece of an answer: LaTeX (normalised before parsing) or a plain number/expression; with its percent sign.</summary>
internal sealed record AnswerPart(string Text, bool IsLatex, bool Percent, BoxedMode Boxed);
