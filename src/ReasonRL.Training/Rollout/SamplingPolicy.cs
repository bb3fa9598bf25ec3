using ReasonRL.Model.Transformer;

namespace ReasonRL.Training.Rollout;

/// <summary>The policy a round of rollout units samples from: which version it is and its weights.</summary>
/// <param name="Version">The updates it had taken: the units' <see cref="RolloutUnit.PolicyVersion"/>.</param>
/// <param name="Weights">Its weights in the training dtype: what cluster workers are sent.</param>
/// <param name="Model">What an in-process sampler runs: <paramref name="Weights"/>, or their copy in the inference dtype.</param>
public sealed record SamplingPolicy(int Version, TransformerModel Weights, TransformerModel Model);
