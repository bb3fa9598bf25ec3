using ReasonRL.Core.Records;
using ReasonRL.Core.Verification;

namespace ReasonRL.Core.Tasks;

/// <summary>
/// A kind of task: it generates problems, renders reference solutions in several styles (the raw material of
/// pretraining and SFT corpora), and owns the verifier that checks completions, because the generator decides
/// what the verifier must check.
/// </summary>
public interface ITaskFamily
{
    /// <summary>The family's name, as in <see cref="Problem.Family"/> (e.g. <c>arithmetic</c>).</summary>
    string Name { get; }

    /// <summary>The difficulty levels the generator supports, easiest first.</summary>
    IReadOnlyList<int> Difficulties { get; }

    /// <summary>Every character the family's prompts and rendered solutions can contain (for character-level tokenizers).</summary>
    string Alphabet { get; }

    /// <summary>
    /// Generates <see cref="GenerationRequest.Count"/> problems, deterministically from the request, all on the
    /// requested split (see <see cref="SplitAssignment"/>), each solvable.
    /// </summary>
    IEnumerable<Problem> Generate(GenerationRequest request);

    /// <summary>
    /// A correct completion in the R1 format (<see cref="Text.R1Template"/>): <c>&lt;think&gt; … &lt;/think&gt; &lt;answer&gt; … &lt;/answer&gt;</c>.
    /// Deterministic given <paramref name="seed"/>; the family's verifier scores it as correct, except a solution that
    /// <see cref="SolutionOptions.SpecialCasingRate"/> made special-case the prompt's examples.
    /// </summary>
    string RenderSolution(Problem problem, SolutionStyle style, SolutionOptions options, ulong seed);

    /// <summary>
    /// Whether <see cref="RenderSolution"/> can write <paramref name="style"/>. Every family writes the step styles;
    /// <see cref="SolutionStyle.AnswerThenCheck"/> needs a plausible wrong answer, so only families that know how to
    /// make one write it.
    /// </summary>
    bool Writes(SolutionStyle style) => style != SolutionStyle.AnswerThenCheck;

    /// <summary>The verifier that checks this family's answers; its <see cref="IVerifier.Name"/> is the family name.</summary>
    IVerifier CreateVerifier();
}
