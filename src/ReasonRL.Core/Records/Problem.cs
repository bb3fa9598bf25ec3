using System.Text.Json;

namespace ReasonRL.Core.Records;

/// <summary>
/// One task instance, as written by <c>reasonrl tasks generate</c> and read by every stage.
/// JSON: <c>{"id": "arith-000042", "family": "arithmetic", "prompt": "...", "reference": {...}, "difficulty": 3, "split": "test"}</c>.
/// </summary>
/// <remarks>
/// <see cref="Reference"/> is family-specific (the answer, the tests, the plaintext, ...) and is never shown to
/// the policy; <see cref="Prompt"/> is the question only, without the chat template (see <see cref="Text.R1Template"/>).
/// </remarks>
public sealed record Problem
{
    public required string Id { get; init; }

    /// <summary>Name of the task family that generated the problem and whose verifier checks it.</summary>
    public required string Family { get; init; }

    /// <summary>The question shown to the policy, before the chat template is applied.</summary>
    public required string Prompt { get; init; }

    /// <summary>Family-specific ground truth; opaque to everything but the family's verifier.</summary>
    public required JsonElement Reference { get; init; }

    /// <summary>Difficulty level, 1 = easiest; each family documents what a level means.</summary>
    public int Difficulty { get; init; } = 1;

    public Split Split { get; init; } = Split.Train;
}
