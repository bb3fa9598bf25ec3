using ReasonRL.Core.Records;
using ReasonRL.Core.Verification;

namespace ReasonRL.Verifiers.Cipher;

/// <summary>
/// The <c>cipher_partial</c> verifier: partial credit for cipher problems, the share of correct characters
/// (<see cref="CipherAnswer.CharacterAccuracy"/>) of the normalized answer. The outcome stays <c>correct</c> only
/// for an exact match, so pass rates are unaffected; the reward is what differs.
/// </summary>
public sealed class CipherPartialVerifier : IVerifier
{
    public const string VerifierName = "cipher_partial";

    public string Name => VerifierName;

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Verify(problem, completion));

    public static Verdict Verify(Problem problem, string completion) =>
        CipherVerifier.Compare(problem, completion) switch
        {
            { Error: { } error } => Verdict.Error(error),
            { Answer: null } => Verdict.BadFormat("no <answer> tag"),
            { Accuracy: 1.0 } => Verdict.Correct("plaintext matches"),
            var c => new Verdict(c.Accuracy, Outcome.Incorrect, [], null, c.Detail),
        };
}
