namespace ReasonRL.Core.Verification;

/// <summary>One verifier of a weighted reward and its weight, e.g. <c>correctness</c> × 1.0 or <c>format</c> × 0.1.</summary>
public sealed record RewardComponent(IVerifier Verifier, double Weight)
{
    public string Name => Verifier.Name;
}
