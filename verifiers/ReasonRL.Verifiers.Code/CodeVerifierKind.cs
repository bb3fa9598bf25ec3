namespace ReasonRL.Verifiers.Code;

/// <summary>
/// Which tests a code verifier rewards. All three run the same program on every visible and hidden test and raise the
/// same flags; they differ only in the reward and the outcome, so a recipe can train on one and monitor the others
/// (at weight 0), or penalise the gap (at a negative weight).
/// </summary>
public enum CodeVerifierKind
{
    /// <summary><c>code</c>: 1 when every hidden test passes (the family's correctness verifier).</summary>
    Hidden,

    /// <summary>
    /// <c>code_visible</c>: 1 when every visible test passes, i.e. the examples in the prompt; the hidden tests count
    /// for nothing. A weak verifier, as unit tests a policy can see are: special-casing the examples earns full reward.
    /// </summary>
    Visible,

    /// <summary>
    /// <c>code_gap</c>: 1 when every visible test passes and some hidden test fails (the
    /// <c>passes_visible_fails_hidden</c> flag as a reward column): its mean is the gap between the visible and hidden
    /// pass rates, and a negative weight makes it a penalty. Its outcome is the hidden tests' (correct when all pass).
    /// </summary>
    Gap,
}

/// <summary>The verifier names of the kinds.</summary>
public static class CodeVerifierKinds
{
    public static string Name(this CodeVerifierKind kind) => kind switch
    {
        CodeVerifierKind.Hidden => CodeVerifier.FamilyName,
        CodeVerifierKind.Visible => CodeVerifier.FamilyName + "_visible",
        CodeVerifierKind.Gap => CodeVerifier.FamilyName + "_gap",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
