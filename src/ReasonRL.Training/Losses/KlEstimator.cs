namespace ReasonRL.Training.Losses;

/// <summary>
/// Which single-sample estimator of KL(π_θ ‖ π_ref) the penalty uses per token (Schulman, "Approximating KL
/// divergence", 2020; YAML <c>k1</c> | <c>k2</c> | <c>k3</c>), as TRL and verl name them. With r = π_ref/π_θ at the
/// sampled token:
/// </summary>
public enum KlEstimator
{
    /// <summary>−log r = log π_θ − log π_ref: unbiased, high variance, can be negative.</summary>
    K1,

    /// <summary>½(log r)²: biased, low variance, never negative.</summary>
    K2,

    /// <summary>r − 1 − log r: unbiased, low variance, never negative (DeepSeekMath eq. 4; the default).</summary>
    K3,
}

/// <summary>Where the KL penalty to the reference acts (YAML <c>loss</c> | <c>reward</c>).</summary>
public enum KlPlacement
{
    /// <summary>β·KL per token is added to the loss (DeepSeekMath eq. 3, TRL's GRPOTrainer; the default).</summary>
    Loss,

    /// <summary>
    /// β·Σ_t KL_t of the sampling policy is subtracted from each completion's reward before advantages (the RLHF
    /// form of InstructGPT, arXiv 2203.02155 eq. 2; verl's <c>use_kl_in_reward</c>); the loss has no KL term.
    /// </summary>
    Reward,
}
