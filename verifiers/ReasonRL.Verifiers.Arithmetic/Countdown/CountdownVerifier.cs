using System.Numerics;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Verifiers.Arithmetic.Expressions;
using ReasonRL.Verifiers.Arithmetic.Numbers;
using ReasonRL.Verifiers.Arithmetic.Steps;

namespace ReasonRL.Verifiers.Arithmetic.Countdown;

/// <summary>
/// The <c>countdown</c> verifier: the answer must be an expression of whole numbers, + − × ÷ and parentheses (no
/// unary minus, no decimals, no '='), read by our own <see cref="ExpressionParser"/>; it may use each given number
/// at most as often as it is given (exactly as often when the reference says <c>use_all</c>), and no other number;
/// evaluated exactly, it must equal the target. Worked steps are marked as for arithmetic.
/// </summary>
public sealed class CountdownVerifier : IVerifier
{
    public string Name => CountdownFamily.FamilyName;

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Verify(problem, completion));

    /// <summary>The verdict; pure and never throws.</summary>
    public static Verdict Verify(Problem problem, string completion)
    {
        if (!ReferenceFields.TryGetInts(problem.Reference, "numbers", out var numbers) || !ReferenceFields.TryGetInt(problem.Reference, "target", out var target))
        {
            return Verdict.Error("the reference needs 'numbers' (integers) and 'target' (an integer)");
        }

        var useAll = ReferenceFields.TryGetBool(problem.Reference, "use_all", out var all) && all;
        var parsed = R1Completion.Parse(completion);
        var steps = StepChecker.Mark(parsed);
        if (parsed.Answer is not { } answer)
        {
            return new Verdict(0.0, Outcome.BadFormat, [], steps, "no <answer> tag");
        }

        var mistake = Check(answer, numbers, target, useAll);
        return mistake is null
            ? Verdict.Correct($"reaches {target}", steps)
            : Verdict.Incorrect(mistake, steps);
    }

    /// <summary>Null when <paramref name="answer"/> solves the instance; otherwise what is wrong with it.</summary>
    public static string? Check(string answer, IReadOnlyList<int> numbers, int target, bool useAll)
    {
        if (!ExpressionParser.TryParse(answer, ParseOptions.Countdown, out var expression, out var error))
        {
            return $"not an expression of the numbers: {error}";
        }

        var unused = new Dictionary<BigInteger, int>();
        foreach (var number in numbers)
        {
            unused[number] = unused.GetValueOrDefault(number) + 1;
        }

        foreach (var literal in expression.Literals())
        {
            var value = literal.Value.Numerator;
            if (!unused.TryGetValue(value, out var left))
            {
                return $"uses {DetailText.Cut(value.ToString())}, which is not given";
            }

            if (left == 0)
            {
                return $"uses {value} more often than it is given";
            }

            unused[value] = left - 1;
        }

        if (useAll && unused.FirstOrDefault(kv => kv.Value > 0) is { Value: > 0 } missing)
        {
            return $"does not use {missing.Key}";
        }

        if (!expression.TryEvaluate(out var result))
        {
            return "divides by zero";
        }

        return result == Rational.FromInteger(target) ? null : $"equals {DetailText.Cut(result.ToString())}, not {target}";
    }
}
