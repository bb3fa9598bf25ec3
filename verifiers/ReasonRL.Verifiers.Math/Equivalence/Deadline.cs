using System.Diagnostics;

namespace ReasonRL.Verifiers.Math.Equivalence;

/// <summary>
/// The time limit of one check. Parsing and comparison call <see cref="Check"/> in their loops; past the limit it
/// throws <see cref="MathTimeoutException"/>, which the verifier turns into an <c>error</c> verdict (never a reward).
/// This is the only clock the verdict logic reads.
/// </summary>
internal sealed class Deadline(TimeSpan limit)
{
    private readonly long _start = Stopwatch.GetTimestamp();

    public static Deadline None { get; } = new(TimeSpan.MaxValue);

    public TimeSpan Limit => limit;

    public void Check()
    {
        if (limit != TimeSpan.MaxValue && Stopwatch.GetElapsedTime(_start) > limit)
        {
            throw new MathTimeoutException(limit);
        }
    }
}

/// <summary>A check ran past its time limit.</summary>
internal sealed class MathTimeoutException(TimeSpan limit) : Exception($"the check ran past its time limit of {limit.TotalSeconds:0.###} s");
