using ReasonRL.Core.Records;
using ReasonRL.Core.Verification;

namespace ReasonRL.Training.Tests.Distillation;

/// <summary>
/// A stand-in for the correctness verifier that a random tiny model passes often: a completion is correct when it
/// starts with a digit d, with reward (d + 1) / 10, so rewards differ between correct completions.
/// </summary>
internal sealed class DigitVerifier : IVerifier
{
    public string Name => "digit";

    public static double RewardOf(string completion) =>
        completion.Length > 0 && char.IsAsciiDigit(completion[0]) ? (completion[0] - '0' + 1) / 10.0 : 0.0;

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken) =>
        ValueTask.FromResult(RewardOf(completion) > 0 ? Verdict.Correct() with { Reward = RewardOf(completion) } : Verdict.Incorrect());
}

/// <summary>Wraps a verifier and cancels a token at the given call, as Ctrl+C in the middle of a chunk would.</summary>
internal sealed class CancelAtCallVerifier(IVerifier inner, int cancelAtCall, CancellationTokenSource cancellation) : IVerifier
{
    private int _calls;

    public string Name => inner.Name;

    public int Concurrency => 1;

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) == cancelAtCall)
        {
            cancellation.Cancel();
        }

        return inner.VerifyAsync(problem, completion, cancellationToken);
    }
}
