namespace ReasonRL.Core.Records;

/// <summary>What a verifier concluded about a completion. JSON names are snake_case (<c>bad_format</c>).</summary>
public enum Outcome
{
    /// <summary>The answer is right.</summary>
    Correct,

    /// <summary>Well-formed, but the answer is wrong.</summary>
    Incorrect,

    /// <summary>No answer could be extracted (e.g. no <c>&lt;answer&gt;</c> tag).</summary>
    BadFormat,

    /// <summary>Checking the completion ran out of time (e.g. a program that never returns).</summary>
    Timeout,

    /// <summary>The completion tried to manipulate the checker rather than solve the task.</summary>
    Tampered,

    /// <summary>
    /// The checking infrastructure failed (a crashed external verifier, a broken sandbox). Never a reward a policy
    /// could learn to trigger: trainers treat it as missing data, not as a score.
    /// </summary>
    Error,
}
