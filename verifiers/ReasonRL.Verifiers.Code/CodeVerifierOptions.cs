using ReasonRL.Verifiers.Code.Sandbox;

namespace ReasonRL.Verifiers.Code;

/// <summary>How a program that passes some hidden tests is rewarded.</summary>
public enum CodeReward
{
    /// <summary>1 when every hidden test passes, else 0.</summary>
    AllHiddenPass,

    /// <summary>The fraction of hidden tests passed (tampering still scores 0).</summary>
    FractionPassed,
}

/// <summary>Settings of the code verifier: which tests it rewards, the reward rule, the float tolerance, and the sandbox.</summary>
public sealed record CodeVerifierOptions
{
    /// <summary>Which tests the reward comes from (the verifier's name follows: <c>code</c>, <c>code_visible</c>, <c>code_gap</c>).</summary>
    public CodeVerifierKind Kind { get; init; } = CodeVerifierKind.Hidden;

    public CodeReward Reward { get; init; } = CodeReward.AllHiddenPass;

    /// <summary>Relative tolerance for an expected float (|e − a| ≤ tol · max(1, |e|)); every other type compares exactly.</summary>
    public double FloatTolerance { get; init; } = 1e-9;

    public SandboxOptions Sandbox { get; init; } = new();
}
