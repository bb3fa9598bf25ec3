using ReasonRL.Core.Llc;

namespace ReasonRL.Training.Llc;

/// <summary>
/// An LLC estimate with what it was made from: every chain's loss at every SGLD step (burn-in included), the
/// warnings the traces raise, n (the loss terms), the sampler's settings and seed, and the wall time it took.
/// </summary>
public sealed record LlcResult(
    LlcSummary Summary,
    IReadOnlyList<double[]> Traces,
    IReadOnlyList<ChainWarning> Warnings,
    long Terms,
    SgldSection Sampler,
    ulong Seed,
    double Seconds);
