using ReasonRL.Training.Grpo;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Rollout;

/// <summary>
/// Connects a GRPO run to the workers of a cluster (<c>rollout.workers: cluster</c>). The training library knows only
/// this contract; the command line provides it (through Microsoft Orleans), so the library stays free of it.
/// </summary>
public interface IClusterConnector
{
    /// <param name="compute">Where and in which dtype the workers run their policy replicas (the recipe's compute).</param>
    /// <param name="weightsFolder">Where to publish the policy's weights, one folder per version, for the workers to load.</param>
    Task<IRolloutWorkers> ConnectAsync(GrpoSetup setup, RolloutSection rollout, Model.ModelCompute compute, string weightsFolder, CancellationToken cancellationToken);
}
