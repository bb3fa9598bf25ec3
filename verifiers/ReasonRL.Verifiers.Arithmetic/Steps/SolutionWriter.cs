using System.Globalization;
using System.Text;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Verifiers.Arithmetic.Numbers;

namespace ReasonRL.Verifiers.Arithmetic.Steps;

/// <summary>
/// Writes worked steps as a completion in each <see cref="SolutionStyle"/>. With verification, a chosen step is
/// first written with a plausible mistake that the next line notices and corrects, always in the same words so the
/// reflection detector and a model both see one pattern:
/// <code>
/// 23+45 = 71
/// Wait, 23+45 is 68, not 71.
/// 23+45 = 68
/// </code>
/// </summary>
public static class SolutionWriter
{
    public static string Write(IReadOnlyList<WorkedStep> steps, string answer, SolutionStyle style, SolutionOptions options, ulong seed)
    {
        if (style == SolutionStyle.Direct || steps.Count == 0)
        {
            return R1Template.Completion("", answer);
        }

        var mistaken = style == SolutionStyle.StepsWithVerification ? ChooseMistakes(steps.Count, options.MistakeRate, new DeterministicRandom(seed)) : null;
        var random = new DeterministicRandom(SeedMixer.Mix(seed, 1));
        var thinking = new StringBuilder();
        for (var i = 0; i < steps.Count; i++)
        {
            if (i > 0)
            {
                thinking.Append('\n');
            }

            var step = steps[i];
            if (mistaken is not null && mistaken[i])
            {
                var wrong = PlausibleMistake(step.Result, random);
                thinking.Append(step.Expression).Append(" = ").Append(wrong).Append('\n');
                thinking.Append("Wait, ").Append(step.Expression).Append(" is ").Append(step.Result).Append(", not ").Append(wrong).Append(".\n");
            }

            thinking.Append(step.Line);
        }

        return R1Template.Completion(thinking.ToString(), answer);
    }

    /// <summary>Each step is mistaken with probability <paramref name="rate"/>, and at least one always is.</summary>
    internal static bool[] ChooseMistakes(int count, double rate, DeterministicRandom random)
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

    /// <summary>
    /// A wrong result a person could write: off by one, off by ten, or two digits swapped; never the right value
    /// and never negative when the right value is not.
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

                    wrong = Rational.FromInteger(System.Numerics.BigInteger.Parse(digits, provider: CultureInfo.InvariantCulture));
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
