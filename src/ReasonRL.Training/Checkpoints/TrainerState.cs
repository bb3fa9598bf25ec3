using System.Text.Json;
using ReasonRL.Core.Json;

namespace ReasonRL.Training.Checkpoints;

/// <summary>
/// What a resumable checkpoint records besides weights and optimizer state (<c>trainer_state.json</c>): how many
/// optimizer steps are done, and trainer-specific counters. Data position and random draws are pure functions of the
/// step, so the step is enough to continue exactly.
/// </summary>
public sealed record TrainerState
{
    public required string Stage { get; init; }

    /// <summary>Completed steps: a resumed run starts at this step.</summary>
    public required int Step { get; init; }

    public required ulong Seed { get; init; }

    /// <summary>Trainer-specific values to restore (e.g. counters of refilled groups).</summary>
    public IReadOnlyDictionary<string, double> Values { get; init; } = new Dictionary<string, double>();

    public string ToJson() => JsonSerializer.Serialize(this, RecordJson.Indented);

    public static TrainerState FromJson(string json) =>
        JsonSerializer.Deserialize<TrainerState>(json, RecordJson.Options) ?? throw new InvalidDataException("empty trainer_state.json");
}
