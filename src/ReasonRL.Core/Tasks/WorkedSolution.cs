using System.Text;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Text;

namespace ReasonRL.Core.Tasks;

/// <summary>One line of a worked solution, <c>{Subject}{Separator}{Result}</c>: "48*2 = 96", "khoor -> hello".</summary>
public sealed record WorkedLine(string Subject, string Separator, string Result)
{
    public string Text => Subject + Separator + Result;
}

/// <summary>
/// Writes a family's worked lines as a completion in any <see cref="SolutionStyle"/>, so that every family phrases
/// self-correction the same way (the reflection detector and a model both see one pattern). With verification,
/// each line is, with probability <see cref="SolutionOptions.MistakeRate"/> (and at least one line always), first
/// written with a plausible mistake that the next line notices and corrects:
/// <code>
/// 23+45 = 71
/// Wait, 23+45 is 68, not 71.
/// 23+45 = 68
/// </code>
/// <see cref="SolutionStyle.AnswerThenCheck"/> writes an answer first — wrong with probability
/// <see cref="SolutionOptions.FirstAnswerMistakeRate"/> — then checks it by working the steps, and corrects it when
/// the check disagrees:
/// <code>
/// 14
/// Wait, rework 7+3-1:
/// 7+3 = 10
/// 10-1 = 9
/// it is 9, not 14.
/// </code>
/// A right first answer ends the check with "it is 9." instead. Without
/// <see cref="SolutionOptions.CheckRestatesQuestion"/> the check opens with "Wait, rework:" and the steps follow.
/// The check is the same steps the model already works reliably, so a correction is usually right while a first answer often is not: self-verification that pays off.
/// The phrasing uses only characters the other styles already use, so a model pretrained on them can anneal into it.
/// </summary>
public static class WorkedSolution
{
    /// <param name="preamble">Lines before the steps that are never mistaken (e.g. "shift 3"); may be empty.</param>
    /// <param name="lines">The steps, one per line.</param>
    /// <param name="answer">The content of the answer tag.</param>
    /// <param name="style">Direct writes the answer alone; the steps styles write the lines.</param>
    /// <param name="options">The mistake rate.</param>
    /// <param name="seed">Fixes which lines are mistaken and how.</param>
    /// <param name="mistake">A plausible wrong result for a line; must differ from the right one.</param>
    /// <param name="check">The restated question and a plausible wrong answer, for <see cref="SolutionStyle.AnswerThenCheck"/>.</param>
    public static string Write(
        IReadOnlyList<string> preamble,
        IReadOnlyList<WorkedLine> lines,
        string answer,
        SolutionStyle style,
        SolutionOptions options,
        ulong seed,
        Func<WorkedLine, DeterministicRandom, string> mistake,
        AnswerCheck? check = null)
    {
        if (style == SolutionStyle.Direct || lines.Count + preamble.Count == 0)
        {
            return R1Template.Completion("", answer);
        }

        if (style == SolutionStyle.AnswerThenCheck)
        {
            return AnswerThenCheck(preamble, lines, answer, options, seed, check
                ?? throw new InvalidOperationException("this family cannot write answer_then_check solutions: it has no plausible wrong answer"));
        }

        var choice = new DeterministicRandom(seed);
        var mistaken = style == SolutionStyle.StepsWithVerification && lines.Count > 0 ? ChooseMistakes(lines.Count, options.MistakeRate, choice) : null;
        var random = new DeterministicRandom(SeedMixer.Mix(seed, 1));
        var thinking = new StringBuilder();
        foreach (var line in preamble)
        {
            thinking.Append(line).Append('\n');
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (mistaken is not null && mistaken[i])
            {
                var wrong = mistake(line, random);
                if (wrong == line.Result)
                {
                    throw new InvalidOperationException($"the mistake for '{line.Text}' is the right result");
                }

                thinking.Append(line.Subject).Append(line.Separator).Append(wrong).Append('\n');
                thinking.Append("Wait, ").Append(line.Subject).Append(" is ").Append(line.Result).Append(", not ").Append(wrong).Append(".\n");
            }

            thinking.Append(line.Text).Append('\n');
        }

        return R1Template.Completion(thinking.ToString(0, thinking.Length - 1), answer);
    }

    private static string AnswerThenCheck(
        IReadOnlyList<string> preamble, IReadOnlyList<WorkedLine> lines, string answer, SolutionOptions options, ulong seed, AnswerCheck check)
    {
        var random = new DeterministicRandom(SeedMixer.Mix(seed, 2));
        var mistaken = random.NextBool(options.FirstAnswerMistakeRate);
        var first = mistaken ? check.WrongAnswer(random) : answer;
        if (mistaken && first == answer)
        {
            throw new InvalidOperationException($"the wrong first answer for '{answer}' is the right one");
        }

        var thinking = new StringBuilder();
        thinking.Append(first).Append("\nWait, rework").Append(options.CheckRestatesQuestion ? " " + check.Question : "").Append(":\n");
        foreach (var line in preamble)
        {
            thinking.Append(line).Append('\n');
        }

        foreach (var line in lines)
        {
            thinking.Append(line.Text).Append('\n');
        }

        thinking.Append(first == answer ? $"it is {answer}." : $"it is {answer}, not {first}.");
        return R1Template.Completion(thinking.ToString(), answer);
    }

    /// <summary>Each of <paramref name="count"/> lines is mistaken with probability <paramref name="rate"/>; at least one always is.</summary>
    public static bool[] ChooseMistakes(int count, double rate, DeterministicRandom random)
    {
        var mistaken = new bool[count];
        var any = false;
        for (var i = 0; i < count; i++)
        {
            mistaken[i] = random.NextBool(rate);
            any |= mistaken[i];
        }

        if (!any)
        {
            mistaken[random.NextInt(count)] = true;
        }

        return mistaken;
    }
}
