namespace ReasonRL.Training.Losses;

/// <summary>At which level the importance ratio π_θ/π_old is taken and clipped (YAML <c>token</c> | <c>sequence</c>).</summary>
public enum RatioLevel
{
    /// <summary>One ratio per token (PPO; GRPO, DeepSeekMath eq. 3).</summary>
    Token,

    /// <summary>
    /// One ratio per completion, the geometric mean of its tokens' ratios, s_i = (π_θ(y_i)/π_old(y_i))^(1/|y_i|),
    /// clipped as a whole (GSPO, arXiv 2507.18071 eq. 5–7); in its GSPO-token form (§4.2) so that per-token
    /// advantages still apply.
    /// </summary>
    Sequence,
}
