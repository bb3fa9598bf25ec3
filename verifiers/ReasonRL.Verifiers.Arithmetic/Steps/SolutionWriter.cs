using System.Globalization;
using System.Numerics;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Tasks;
using ReasonRL.Verifiers.Arithmetic.Numbers;

namespace ReasonRL.Verifiers.Arithmetic.Steps;

/// <summary>
/// Writes worked steps ("48*2 = 96", one per line) as a completion in each <see cref="SolutionStyle"/> through
/// <see cref="WorkedSolution"/>; a mistaken step — or, in <see cref="SolutionStyle.AnswerThenCheck"/>, a mistaken first
/// answer, when the answer is a number — is off by one, off by ten, or has two digits swapped.
/// </summary>
public static class SolutionWriter
{
    /// <param name="question">The expression, restated at the head of an <see cref="SolutionStyle.AnswerThenCheck"/> check; null when the family does not write that style.</param>
    public static string Write(IReadOnlyList<WorkedStep> steps, string answer, SolutionStyle style, SolutionOptions options, ulong seed, string? question = null) =>
        WorkedSolution.Write(
            [],
            [.. steps.Select(s => new WorkedLine(s.Expression, " = ", s.Result.ToString()))],
            answer,
            style,
            options,
            seed,
            (line, random) => PlausibleMistake(AnswerNumber.TryParse(line.Result, out var right) ? right : Rational.Zero, random).ToString(),
            question is not null && AnswerNumber.TryParse(answer, out var value) ? new AnswerCheck(question, random => PlausibleMistake(value, random).ToString()) : null);

    /// <summary>
    /// A wrong result a person could write: off by one, off by ten, or two adjacent digits swapped; never the right
    /// value, and never negative when the right value is not.
    /// </summary>
    internal static Rational PlausibleMistake(Rational right, DeterministicRandom random)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            Rational wrong;
            switch (random.NextInt(3))
            {
                case 0:
                    wrong = right + (random.NextBool(0.5) ? 1 : -1);
                    break;
                case 1:
                    wrong = right + (random.NextBool(0.5) ? 10 : -10);
                    break;
                default:
                    var digits = right.Numerator.ToString(CultureInfo.InvariantCulture).ToCharArray();
                    if (!right.IsInteger || right.Sign < 0 || digits.Length < 2)
                    {
                        continue;
                    }

                    var at = random.NextInt(digits.Length - 1);
                    (digits[at], digits[at + 1]) = (digits[at + 1], digits[at]);
                    if (digits[0] == '0')
                    {
                        continue;
                    }

                    wrong = Rational.FromInteger(BigInteger.Parse(digits, provider: CultureInfo.InvariantCulture));
                    break;
            }

            if (wrong != right && (right.Sign < 0 || wrong.Sign >= 0))
            {
                return wrong;
            }
        }

        return right + 1;
    }
}
