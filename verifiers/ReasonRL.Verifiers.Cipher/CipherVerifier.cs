using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;

namespace ReasonRL.Verifiers.Cipher;

/// <summary>
/// The <c>cipher</c> verifier: the answer must be the plaintext, ignoring case and runs of whitespace
/// (<see cref="CipherAnswer.Normalize"/>). Reward 1 or 0; a near miss says how many characters were right.
/// </summary>
public sealed class CipherVerifier : IVerifier
{
    public string Name => CipherFamily.FamilyName;

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Verify(problem, completion));

    public static Verdict Verify(Problem problem, string completion) =>
        Compare(problem, completion) switch
        {
            { Error: { } error } => Verdict.Error(error),
            { Answer: null } => Verdict.BadFormat("no <answer> tag"),
            { Accuracy: 1.0 } => Verdict.Correct("plaintext matches"),
            var c => Verdict.Incorrect(c.Detail),
        };

    /// <summary>The normalized answer and its character accuracy against the plaintext, shared with <see cref="CipherPartialVerifier"/>.</summary>
    internal static Comparison Compare(Problem problem, string completion)
    {
        if (!ReferenceFields.TryGetString(problem.Reference, "plaintext", out var plaintext))
        {
            return new Comparison(null, 0, "", "the reference has no 'plaintext'");
        }

        if (R1Completion.ExtractAnswer(completion) is not { } raw)
        {
            return new Comparison(null, 0, "", null);
        }

        var answer = CipherAnswer.Normalize(raw);
        var expected = CipherAnswer.Normalize(plaintext);
        if (answer == expected)
        {
            return new Comparison(answer, 1.0, "", null);
        }

        var accuracy = CipherAnswer.CharacterAccuracy(answer, expected);
        var right = (int)Math.Round(accuracy * Math.Max(answer.Length, expected.Length));
        return new Comparison(answer, accuracy, $"{right} of {Math.Max(answer.Length, expected.Length)} characters right", null);
    }

    internal sealed record Comparison(string? Answer, double Accuracy, string Detail, string? Error);
}
