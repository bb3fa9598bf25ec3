using System.Text.Json;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Verifiers.Arithmetic.Countdown;
using ReasonRL.Verifiers.Arithmetic.Expressions;

namespace ReasonRL.Verifiers.Arithmetic.Tests;

/// <summary>
/// The generator and the verifier agree: 1,000 problems of each family, rendered in every style, verify at 100%;
/// with the answer perturbed (and everything else kept), at 0%.
/// </summary>
public class ReferenceSolutionTests
{
    private static readonly SolutionOptions Options = new() { MistakeRate = 0.3 };

    public static TheoryData<string, SolutionStyle> Cases()
    {
        var data = new TheoryData<string, SolutionStyle>();
        foreach (var family in new[] { ArithmeticFamily.FamilyName, ArithmeticFamily.DigitsFamilyName, CountdownFamily.FamilyName })
        {
            foreach (var style in Enum.GetValues<SolutionStyle>().Where(s => family != CountdownFamily.FamilyName || s != SolutionStyle.AnswerThenCheck))
            {
                data.Add(family, style);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_thousand_reference_solutions_verify_correct_and_perturbed_answers_verify_incorrect(string familyName, SolutionStyle style)
    {
        ITaskFamily family = familyName switch
        {
            ArithmeticFamily.FamilyName => new ArithmeticFamily(),
            ArithmeticFamily.DigitsFamilyName => ArithmeticFamily.Digits(),
            _ => new CountdownFamily(),
        };
        var verifier = family.CreateVerifier();
        int correct = 0, perturbedCorrect = 0, count = 0;
        foreach (var problem in family.Generate(new GenerationRequest(2024, 1000)))
        {
            var completion = family.RenderSolution(problem, style, Options, (ulong)count);
            var parsed = R1Completion.Parse(completion);
            var perturbed = completion[..parsed.AnswerStart] + Perturb(familyName, parsed.Answer!) + completion[(parsed.AnswerStart + parsed.Answer!.Length)..];

            var verdict = await verifier.VerifyAsync(problem, completion, CancellationToken.None);
            var perturbedVerdict = await verifier.VerifyAsync(problem, perturbed, CancellationToken.None);

            correct += verdict.IsCorrect ? 1 : 0;
            perturbedCorrect += perturbedVerdict.IsCorrect ? 1 : 0;
            Assert.True(verdict.IsCorrect, $"{problem.Prompt}: {completion}: {verdict.Detail}");
            Assert.Equal(Outcome.Incorrect, perturbedVerdict.Outcome);
            Assert.Equal(Outcome.Correct, FormatVerifier.Check(completion).Outcome);
            if (style == SolutionStyle.Steps)
            {
                Assert.All(verdict.Steps!, s => Assert.True(s.Correct));
            }

            count++;
        }

        Assert.Equal((1000, 1000, 0), (count, correct, perturbedCorrect));
    }

    /// <summary>Arithmetic: the answer plus one. Countdown: the outermost operation swapped (+↔−, ×↔÷), which always changes the value.</summary>
    private static string Perturb(string family, string answer)
    {
        if (family is ArithmeticFamily.FamilyName or ArithmeticFamily.DigitsFamilyName)
        {
            return (BigIntegerOf(answer) + 1).ToString();
        }

        Assert.True(ExpressionParser.TryParse(answer, ParseOptions.Countdown, out var expr, out _));
        var root = (BinaryExpr)expr;
        var swapped = root.Operator switch
        {
            Operator.Add => Operator.Subtract,
            Operator.Subtract => Operator.Add,
            Operator.Multiply => Operator.Divide,
            _ => Operator.Multiply,
        };
        return ExpressionPrinter.Print(root with { Operator = swapped });
    }

    private static System.Numerics.BigInteger BigIntegerOf(string text) => System.Numerics.BigInteger.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Generated_records_round_trip_through_json()
    {
        var problem = new ArithmeticFamily().Generate(new GenerationRequest(1, 1)).Single();

        var read = ProblemJson.Read(Jsonl.Parse("x", 1, Jsonl.Line(problem)));

        Assert.Equal(Jsonl.Line(problem), Jsonl.Line(read));
        Assert.Equal(JsonValueKind.String, read.Reference.GetProperty("answer").ValueKind);
    }
}
