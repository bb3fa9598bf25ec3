using ReasonRL.Core.Records;

namespace ReasonRL.Core.Verification;

/// <summary>The <c>correctness</c> verifier: checks each problem with the verifier of the family that made it.</summary>
internal sealed class FamilyDispatchVerifier(IReadOnlyDictionary<string, IVerifier> byFamily) : IVerifier
{
    public string Name => VerifierRegistry.Correctness;

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken) =>
        byFamily.TryGetValue(problem.Family, out var verifier)
            ? verifier.VerifyAsync(problem, completion, cancellationToken)
            : ValueTask.FromResult(Verdict.Error($"no verifier for family '{problem.Family}'"));

    public int Concurrency => byFamily.Values.Select(v => v.Concurrency).DefaultIfEmpty(Environment.ProcessorCount).Max();
}
