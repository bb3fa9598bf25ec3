namespace ReasonRL.Core.Rl;

/// <summary>
/// How the normalised step rewards that lie ahead of a token become its process advantage
/// (YAML: <c>sum</c> | <c>min</c>).
/// </summary>
public enum CreditAssignment
{
    /// <summary>
    /// The sum of the normalised rewards of the steps ending at or after the token (DeepSeekMath, arXiv 2402.03300,
    /// §4.1.3): the canonical return, which a policy can inflate by adding steps a reward model likes.
    /// </summary>
    Sum,

    /// <summary>
    /// The minimum of those rewards (PURE, Cheng et al., arXiv 2504.15275, §3: "min-form credit assignment", the value
    /// is the minimum of future process rewards): a token is worth no more than the worst step still ahead of it, so
    /// extra high-scoring steps earn nothing and the advantage stays within the range of one step reward.
    /// </summary>
    Min,
}
