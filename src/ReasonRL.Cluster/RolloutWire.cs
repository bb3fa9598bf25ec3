using System.Text.Json;
using System.Text.Json.Serialization;
using ReasonRL.Model;
using ReasonRL.Model.Sampling;
using ReasonRL.Training.Rollout;

namespace ReasonRL.Cluster;

/// <summary>One verifier of the reward, by name, with its weight.</summary>
public sealed record RewardTerm(string Verifier, double Weight);

/// <summary>
/// Everything a worker needs to compute a unit and nothing it must guess: the code it must be running, the weights of
/// the unit's policy version (a published folder and the SHA-256 of its safetensors file), how to sample and which
/// verifiers to reward with.
/// </summary>
/// <param name="Code">The trainer's <see cref="CodeIdentity"/>: a worker built from different code refuses the unit.</param>
/// <param name="WeightsFolder">The policy version's published checkpoint folder (see <see cref="WeightsPublisher"/>).</param>
/// <param name="WeightsSha256">Hex SHA-256 of its model.safetensors: a worker whose file differs refuses the unit.</param>
public sealed record RolloutWorkRequest(
    string Code, string WeightsFolder, string WeightsSha256, ModelCompute Compute, SamplingOptions Sampling, IReadOnlyList<RewardTerm> Rewards, RolloutUnit Unit);

/// <summary>A worker's answer: the unit's result, or why it refused the unit (then another worker gets it).</summary>
/// <param name="Worker">The worker's name (its silo endpoint), for the per-worker metrics.</param>
public sealed record RolloutWorkResponse(string Worker, RolloutUnitResult? Result, string? Refused);

/// <summary>
/// The bytes units and results travel as between the trainer and the workers: UTF-8 JSON, whose floats and doubles
/// round-trip exactly (the shortest representation that parses back to the same bits), so a unit computed on a worker
/// gives the trainer the very log-probs it would have computed itself.
/// </summary>
public static class RolloutWire
{
    private static readonly JsonSerializerOptions Options = new()
    {
        IgnoreReadOnlyProperties = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static byte[] Encode(RolloutWorkRequest request) => JsonSerializer.SerializeToUtf8Bytes(request, Options);

    public static byte[] Encode(RolloutWorkResponse response) => JsonSerializer.SerializeToUtf8Bytes(response, Options);

    public static RolloutWorkRequest DecodeRequest(byte[] bytes) =>
        JsonSerializer.Deserialize<RolloutWorkRequest>(bytes, Options) ?? throw new JsonException("an empty rollout request");

    public static RolloutWorkResponse DecodeResponse(byte[] bytes) =>
        JsonSerializer.Deserialize<RolloutWorkResponse>(bytes, Options) ?? throw new JsonException("an empty rollout response");
}
