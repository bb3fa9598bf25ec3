using ReasonRL.Core.Rl;

namespace ReasonRL.Core.Llc;

/// <summary>What can be wrong with one SGLD chain of an LLC estimate.</summary>
public enum ChainProblem
{
    /// <summary>The loss became NaN or infinite: the step size is too large for this loss surface.</summary>
    Diverged,

    /// <summary>
    /// The chain's λ̂ is negative: it found losses below L_n(w*), so w* is not a local minimum of the loss it is
    /// measured on (not trained to convergence, or trained on other data), or the chain wandered away from it.
    /// </summary>
    Negative,

    /// <summary>
    /// The first and second half of the draws give λ̂s that differ by more than both the tolerance (relative to the
    /// chain's λ̂) and three standard errors of the difference: still drifting, not just noisy.
    /// </summary>
    NotSettled,
}

/// <summary>One problem found in one chain, with the measured numbers behind it.</summary>
public sealed record ChainWarning(int Chain, ChainProblem Problem, string Detail);

/// <summary>
/// The checks devinterp users run by eye on loss traces, made explicit: divergence, negative estimates and chains that
/// have not settled after burn-in (Lau et al. and the devinterp calibration guide both ask for flat traces after
/// burn-in). Each warning comes with advice on ε (step size), γ (localisation) and burn-in.
/// </summary>
public static class ChainDiagnostics
{
    /// <summary>How far apart the two halves' λ̂ may be, relative to the chain's λ̂, before it counts as unsettled.</summary>
    public const double DefaultSettleTolerance = 0.25;

    public static IReadOnlyList<ChainWarning> Check(IReadOnlyList<double[]> traces, int burnIn, double initLoss, double nBeta, double settleTolerance = DefaultSettleTolerance)
    {
        var warnings = new List<ChainWarning>();
        for (var chain = 0; chain < traces.Count; chain++)
        {
            var trace = traces[chain];
            var firstBad = Array.FindIndex(trace, v => !double.IsFinite(v));
            if (firstBad >= 0)
            {
                warnings.Add(new(chain, ChainProblem.Diverged, $"the loss is {trace[firstBad]} at step {firstBad}"));
                continue;
            }

            var draws = trace.AsSpan(burnIn);
            var llc = LocalLearningCoefficient.OfChain(draws, initLoss, nBeta);
            if (llc < 0)
            {
                warnings.Add(new(chain, ChainProblem.Negative, $"λ̂ = {llc:F3}: the draws' mean loss {Statistics.Mean(draws):G5} is below L_n(w*) = {initLoss:G5}"));
            }

            if (Drift(draws, initLoss, nBeta) is var (early, late, noise) && Math.Abs(late - early) > Math.Max(settleTolerance * Math.Abs(llc), 3 * noise))
            {
                warnings.Add(new(chain, ChainProblem.NotSettled, $"λ̂ is {early:F3} over the first half of the draws and {late:F3} over the second (noise ±{noise:F3})"));
            }
        }

        return warnings;
    }

    /// <summary>
    /// λ̂ over the first and second half of the draws, and the standard error of their difference from batch means
    /// (ten batches, so the chain's autocorrelation is mostly inside a batch, spread pooled within each half); null for fewer than 10 draws.
    /// </summary>
    private static (double Early, double Late, double Noise)? Drift(ReadOnlySpan<double> draws, double initLoss, double nBeta)
    {
        const int batches = 10;
        if (draws.Length < batches)
        {
            return null;
        }

        var size = draws.Length / batches;
        var means = new double[batches];
        for (var b = 0; b < batches; b++)
        {
            means[b] = LocalLearningCoefficient.OfChain(draws.Slice(b * size, size), initLoss, nBeta);
        }

        var half = batches / 2;
        var early = Statistics.Mean(means.AsSpan(0, half));
        var late = Statistics.Mean(means.AsSpan(half));
        // Pooled within each half, so a trend between the halves does not count as noise.
        var spread = Statistics.StandardDeviation(means.AsSpan(0, half));
        var lateSpread = Statistics.StandardDeviation(means.AsSpan(half));
        var pooled = Math.Sqrt(((spread * spread) + (lateSpread * lateSpread)) / 2);
        return (early, late, pooled * Math.Sqrt(2.0 / half));
    }

    /// <summary>What to change when a chain shows <paramref name="problem"/>.</summary>
    public static string Advice(ChainProblem problem) => problem switch
    {
        ChainProblem.Diverged => "lower the step size ε (by 3-10×), or raise the localisation γ",
        ChainProblem.Negative => "check that w* is a trained minimum of this data's loss; raise γ or lower ε so chains stay near w*",
        ChainProblem.NotSettled => "lengthen the burn-in, or raise ε if the trace is still climbing slowly; lower ε if it is jumping",
        _ => throw new ArgumentOutOfRangeException(nameof(problem)),
    };
}
