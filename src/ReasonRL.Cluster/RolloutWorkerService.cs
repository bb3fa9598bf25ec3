using Microsoft.Extensions.Logging;
using ReasonRL.Core;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Sampling;
using ReasonRL.Training.Rollout;

namespace ReasonRL.Cluster;

/// <summary>
/// What a worker does with a unit: refuse it if the trainer runs other code or the published weights are not the
/// ones named, otherwise load (or keep) that policy version and compute the unit exactly as the trainer's own process
/// would (<see cref="RolloutUnitComputation"/>).
/// </summary>
public sealed class RolloutWorkerService(VerifierRegistry verifiers, ILogger<RolloutWorkerService> logger) : IDisposable
{
    private readonly PolicyReplica _replica = new();

    /// <summary>The worker's name in the trainer's metrics; set when its silo is up.</summary>
    public string Name { get; set; } = "worker";

    public async Task<RolloutWorkResponse> RunAsync(RolloutWorkRequest request, CancellationToken cancellationToken)
    {
        RewardComposer rewards;
        try
        {
            rewards = new RewardComposer([.. request.Rewards.Select(r => new RewardComponent(verifiers.Get(r.Verifier), r.Weight))]);
        }
        catch (InputException e)
        {
            return Refuse(request, e.Message);
        }

        var code = CodeIdentity.Of(rewards.Components.Select(c => c.Verifier));
        if (code != request.Code)
        {
            return Refuse(request, $"built from other code (worker {code}, trainer {request.Code}): run the same build of reasonrl on every machine");
        }

        Model.Checkpoints.LoadedCheckpoint policy;
        try
        {
            policy = _replica.For(request.WeightsFolder, request.WeightsSha256, request.Compute);
        }
        catch (InputException e)
        {
            return Refuse(request, e.Message);
        }

        logger.LogInformation("step {Step} unit {Unit}: sampling {Completions} completions", request.Unit.Step, request.Unit.Index, request.Unit.Completions);
        var result = await RolloutUnitComputation.RunAsync(request.Unit, new Sampler(policy.Model, policy.Tokenizer), request.Sampling, rewards, cancellationToken).ConfigureAwait(false);
        logger.LogInformation(
            "step {Step} unit {Unit}: done, {Completions} completions of policy version {Version} in {Seconds:F2}s",
            request.Unit.Step, request.Unit.Index, result.Completions.Count, request.Unit.PolicyVersion, result.SamplingSeconds + result.VerifyingSeconds);
        return new RolloutWorkResponse(Name, result, null);
    }

    public void Dispose() => _replica.Dispose();

    private RolloutWorkResponse Refuse(RolloutWorkRequest request, string reason)
    {
        logger.LogWarning("step {Step} unit {Unit} refused: {Reason}", request.Unit.Step, request.Unit.Index, reason);
        return new RolloutWorkResponse(Name, null, reason);
    }
}
