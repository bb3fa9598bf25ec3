using System.Text.Json.Serialization;

namespace ReasonRL.Core.Records;

/// <summary>
/// A verifier's judgement of one completion. JSON:
/// <c>{"reward": 1.0, "outcome": "correct", "flags": [], "steps": [{"end": 57, "correct": true}], "detail": "..."}</c>.
/// </summary>
/// <param name="Reward">The scalar reward this verifier assigns, usually in [0, 1].</param>
/// <param name="Outcome">The category of the judgement.</param>
/// <param name="Flags">Labels for notable behaviour (see <see cref="VerdictFlags"/>), e.g. <c>passes_visible_fails_hidden</c>.</param>
/// <param name="Steps">Step marks when the verifier checks steps; null otherwise.</param>
/// <param name="Detail">A short human-readable explanation.</param>
public sealed record Verdict(
    double Reward,
    Outcome Outcome,
    IReadOnlyList<string> Flags,
    IReadOnlyList<StepMark>? Steps = null,
    string? Detail = null)
{
    public static Verdict Correct(string? detail = null, IReadOnlyList<StepMark>? steps = null) =>
        new(1.0, Outcome.Correct, [], steps, detail);

    public static Verdict Incorrect(string? detail = null, IReadOnlyList<StepMark>? steps = null) =>
        new(0.0, Outcome.Incorrect, [], steps, detail);

    public static Verdict BadFormat(string detail) => new(0.0, Outcome.BadFormat, [], null, detail);

    /// <summary>An infrastructure failure: reward 0 and outcome <see cref="Outcome.Error"/>, never a silent score.</summary>
    public static Verdict Error(string detail) => new(0.0, Outcome.Error, [], null, detail);

    [JsonIgnore]
    public bool IsCorrect => Outcome == Outcome.Correct;
}
