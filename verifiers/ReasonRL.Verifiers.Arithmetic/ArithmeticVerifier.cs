using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Verifiers.Arithmetic.Numbers;
using ReasonRL.Verifiers.Arithmetic.Steps;

namespace ReasonRL.Verifiers.Arithmetic;

/// <summary>
/// The <c>arithmetic</c> verifier: the answer (last answer tag) must be a number equal to the reference under the
/// rules of <see cref="AnswerNumber"/>; every worked step of the thinking section is marked (<see cref="StepChecker"/>),
/// also for wrong or badly formatted completions, for process rewards. The <c>digits</c> family's verifier is the
/// same under its family's name.
/// </summary>
public sealed class ArithmeticVerifier(string name = ArithmeticFamily.FamilyName) : IVerifier
{
    public string Name => name;

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Verify(problem, completion));

    /// <summary>The verdict; pure and never throws.</summary>
    public static Verdict Verify(Problem problem, string completion)
    {
        if (!ReferenceFields.TryGetString(problem.Reference, "answer", out var referenceText) || !AnswerNumber.TryParse(referenceText, out var expected))
        {
            return Verdict.Error("the reference has no numeric 'answer'");
        }

        var parsed = R1Completion.Parse(completion);
        var steps = StepChecker.Mark(parsed);
        if (parsed.Answer is not { } answer)
        {
            return new Verdict(0.0, Outcome.BadFormat, [], steps, "no <answer> tag");
        }

        if (!AnswerNumber.TryParse(answer, out var given))
        {
            return Verdict.Incorrect($"not a number: {DetailText.Quote(answer.Trim())}", steps);
        }

        return given == expected
            ? Verdict.Correct(expected.ToString(), steps)
            : Verdict.Incorrect($"expected {expected}, got {DetailText.Cut(given.ToString())}", steps);
    }
}
