namespace ReasonRL.Core.Records;

/// <summary>The flag labels verifiers put in <see cref="Verdict.Flags"/>; trainers log each as a rate.</summary>
public static class VerdictFlags
{
    /// <summary>The program passed every visible test but failed a hidden one: the special-casing signal.</summary>
    public const string PassesVisibleFailsHidden = "passes_visible_fails_hidden";
    public const string ExitAttempt = "exit_attempt";
    public const string NonPlainReturnValue = "non_plain_return_value";
    public const string SchemaViolation = "schema_violation";
    public const string Timeout = "timeout";
    public const string Truncated = "truncated";
}
