using ReasonRL.Model;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Checkpoints;

namespace ReasonRL.Training.Rollout;

/// <summary>
/// A frozen copy of the policy at one version, kept while steps that sample from it (under <c>max_staleness</c>) are
/// still to come: its weights in the training dtype (saved in checkpoints, sent to cluster workers) and, when sampling
/// runs in another dtype, their rounded copy.
/// </summary>
public sealed class PolicySnapshot : IDisposable
{
    private readonly InferenceCopy _inference;

    private PolicySnapshot(int version, TransformerModel weights, ComputeDtype samplingDtype)
    {
        weights.eval();
        foreach (var parameter in weights.parameters())
        {
            parameter.requires_grad = false;
        }

        _inference = InferenceCopy.Of(weights, samplingDtype);
        Policy = new SamplingPolicy(version, weights, _inference.Model);
    }

    public SamplingPolicy Policy { get; }

    /// <summary>The weights of <paramref name="policy"/> as they are now, as version <paramref name="version"/>.</summary>
    public static PolicySnapshot Of(TransformerModel policy, int version, ComputeDtype samplingDtype)
    {
        var weights = TransformerModel.Uninitialised(policy.Config, policy.Compute);
        StageCheckpoints.CopyWeights(policy, weights);
        return new PolicySnapshot(version, weights, samplingDtype);
    }

    /// <summary>Version <paramref name="version"/> of a policy shaped like <paramref name="like"/>, from a checkpoint's saved tensors.</summary>
    public static PolicySnapshot Load(string file, TransformerModel like, int version, ComputeDtype samplingDtype)
    {
        var weights = TransformerModel.Uninitialised(like.Config, like.Compute);
        StageCheckpoints.LoadInto(file, weights);
        return new PolicySnapshot(version, weights, samplingDtype);
    }

    public void Dispose()
    {
        _inference.Dispose();
        Policy.Weights.Dispose();
    }
}
