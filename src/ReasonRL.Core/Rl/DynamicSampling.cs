namespace ReasonRL.Core.Rl;

/// <summary>
/// DAPO's dynamic sampling (arXiv 2503.14476, §3.2, eq. 11): which per-completion signal must vary within a group for
/// the group to be trained on (YAML <c>off</c> | <c>correctness</c> | <c>reward</c>).
/// </summary>
public enum DynamicSampling
{
    /// <summary>Train on every sampled group.</summary>
    Off,

    /// <summary>
    /// Keep a group only if some but not all of its completions are correct, 0 &lt; |{o_i correct}| &lt; G, as DAPO
    /// states it: a format bonus or a length penalty alone does not make a group informative.
    /// </summary>
    Correctness,

    /// <summary>Keep a group only if its total rewards (every verifier and penalty included) are not all equal.</summary>
    Reward,
}
