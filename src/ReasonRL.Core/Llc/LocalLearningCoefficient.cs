using ReasonRL.Core.Rl;

namespace ReasonRL.Core.Llc;

/// <summary>
/// The local learning coefficient estimate of Lau et al., "Quantifying degeneracy in singular models via the learning
/// coefficient" (arXiv 2308.12108), eq. 12: λ̂(w*) = nβ (E_w[L_n(w)] − L_n(w*)), the expectation taken over the
/// tempered posterior localised at w* (sampled by SGLD), β = 1 / log n by default, so nβ = n / log n. Each chain's
/// expectation is the mean of its minibatch losses after burn-in; the estimate is the mean over chains and its
/// standard error the chains' standard deviation over √chains (devinterp reports the same two numbers); chains
/// that diverged are left out of both.
/// </summary>
public static class LocalLearningCoefficient
{
    /// <summary>nβ at β = 1 / log n, the value Watanabe's WBIC and Lau et al. use.</summary>
    public static double DefaultNBeta(long n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2L);
        return n / Math.Log(n);
    }

    /// <summary>One chain's λ̂: nβ (mean of <paramref name="drawLosses"/> − <paramref name="initLoss"/>).</summary>
    public static double OfChain(ReadOnlySpan<double> drawLosses, double initLoss, double nBeta)
    {
        if (drawLosses.Length == 0)
        {
            throw new ArgumentException("a chain needs at least one draw", nameof(drawLosses));
        }

        return nBeta * (Statistics.Mean(drawLosses) - initLoss);
    }

    /// <summary>
    /// Per-chain estimates and their mean from full loss traces: each trace holds the loss at every SGLD step, the
    /// first <paramref name="burnIn"/> of which are discarded.
    /// </summary>
    public static LlcSummary Summarise(IReadOnlyList<double[]> traces, int burnIn, double initLoss, double nBeta)
    {
        if (traces.Count == 0)
        {
            throw new ArgumentException("at least one chain", nameof(traces));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(burnIn);
        var perChain = traces.Select(t => t.Length > burnIn
            ? OfChain(t.AsSpan(burnIn), initLoss, nBeta)
            : throw new ArgumentException($"a trace of {t.Length} steps has no draws after a burn-in of {burnIn}", nameof(traces))).ToArray();
        // A diverged chain (NaN or infinite loss) says nothing about the posterior: it is reported, not averaged.
        var settled = perChain.Where(double.IsFinite).ToArray();
        var std = Statistics.StandardDeviation(settled);
        return settled.Length == 0
            ? new LlcSummary(double.NaN, double.NaN, double.NaN, perChain, initLoss, nBeta)
            : new LlcSummary(Statistics.Mean(settled), std, std / Math.Sqrt(settled.Length), perChain, initLoss, nBeta);
    }
}

/// <summary>
/// An LLC estimate: the mean over the chains that did not diverge, their sample standard deviation and the standard
/// error of the mean (NaN when every chain diverged), each chain's own estimate (NaN for a diverged one), and the L_n(w*) and nβ it was computed with.
/// </summary>
public sealed record LlcSummary(double Mean, double StandardDeviation, double StandardError, IReadOnlyList<double> PerChain, double InitLoss, double NBeta);
