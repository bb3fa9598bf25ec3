namespace ReasonRL.Training.Grpo;

/// <summary>
/// Where π_old, the denominator of the ratio ρ = π_θ/π_old, comes from (YAML <c>sampler</c> | <c>trainer</c>). Either way
/// it is the policy that sampled the rows, scored under the trainer's distribution (softmax(logits / T) over the whole
/// vocabulary), and it is the same for every minibatch of every pass.
/// </summary>
public enum OldLogProbSource
{
    /// <summary>
    /// The sampler's untruncated log-probs, recorded while sampling: no extra pass. Exact (to float rounding) when the
    /// sampler ran the trainer's current weights, as the local sampler does; the gap is measured on the first minibatch.
    /// </summary>
    Sampler,

    /// <summary>
    /// Recomputed by the trainer, without grad, before the update (verl's and TRL's <c>old_per_token_logps</c>): one
    /// more forward pass over the batch, needed when the sampler's weights or numerics differ from the trainer's.
    /// </summary>
    Trainer,
}

/// <summary>How the update corrects for rows drawn from a distribution other than π_old (YAML <c>tis</c> | <c>none</c>).</summary>
public enum SamplerCorrection
{
    /// <summary>Truncated importance sampling: the policy term of each token is weighted by min(π_old/π_sampler, C).</summary>
    Tis,

    /// <summary>No correction: the rows are treated as drawn from π_old.</summary>
    None,
}
