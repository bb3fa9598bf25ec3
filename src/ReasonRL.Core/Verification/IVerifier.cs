using ReasonRL.Core.Records;

namespace ReasonRL.Core.Verification;

/// <summary>
/// Scores one completion of one problem. Implementations are pure: no printing, no clock, no randomness, no
/// evaluation of completion text as code in-process; the same input always gives the same verdict. A failure of
/// the checking machinery itself is <see cref="Outcome.Error"/>, never a reward.
/// </summary>
public interface IVerifier
{
    /// <summary>The registry name (e.g. <c>arithmetic</c>, <c>format</c>); also the name of its reward column.</summary>
    string Name { get; }

    /// <param name="problem">The problem, including its reference.</param>
    /// <param name="completion">The model's completion only (the text after the prompt template).</param>
    /// <param name="cancellationToken">Stops long checks (sandboxed programs, external processes).</param>
    ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken);

    /// <summary>
    /// How many calls are worth having in flight at once. Pure in-process checks are CPU-bound, so one per core;
    /// verifiers that wait on other processes (sandboxes, external programs) keep more busy.
    /// </summary>
    int Concurrency => Environment.ProcessorCount;
}
