using ReasonRL.Core.Llc;

namespace ReasonRL.Core.Tests.Llc;

/// <summary>λ̂ = nβ (mean draw loss − L_n(w*)) and the chain diagnostics, on traces small enough to check by hand.</summary>
public class LocalLearningCoefficientTests
{
    [Fact]
    public void Default_n_beta_is_n_over_log_n() =>
        Assert.Equal(1000 / Math.Log(1000), LocalLearningCoefficient.DefaultNBeta(1000), 12);

    [Fact]
    public void Burn_in_is_discarded_and_chains_are_averaged()
    {
        // Chain 0 draws (1.5, 2.5): mean 2, minus 1 → 1, × nβ 10 → 10. Chain 1 draws (3, 3): 20.
        double[][] traces = [[9, 9, 1.5, 2.5], [0, 0, 3, 3]];
        var summary = LocalLearningCoefficient.Summarise(traces, burnIn: 2, initLoss: 1, nBeta: 10);
        Assert.Equal([10.0, 20.0], summary.PerChain);
        Assert.Equal(15, summary.Mean, 12);
        Assert.Equal(Math.Sqrt(50), summary.StandardDeviation, 12);       // sample std of (10, 20)
        Assert.Equal(Math.Sqrt(50) / Math.Sqrt(2), summary.StandardError, 12);
    }

    [Fact]
    public void A_diverged_chain_is_left_out_of_the_mean()
    {
        double[][] traces = [[1, 2, 2], [1, 3, double.NaN]];
        var summary = LocalLearningCoefficient.Summarise(traces, burnIn: 1, initLoss: 1, nBeta: 2);
        Assert.Equal(2, summary.Mean, 12);
        Assert.True(double.IsNaN(summary.PerChain[1]));
    }

    [Fact]
    public void A_trace_without_draws_is_refused() =>
        Assert.Throws<ArgumentException>(() => LocalLearningCoefficient.Summarise([[1, 2]], burnIn: 2, initLoss: 0, nBeta: 1));

    private static double[] Repeat(double[] pattern, int times) => [.. Enumerable.Repeat(pattern, times).SelectMany(p => p)];

    [Fact]
    public void A_noisy_but_flat_chain_is_settled_and_a_slow_trend_within_the_noise_is_not_flagged()
    {
        // Batch means alternate 0.5 / 1.5 (λ̂ = 1): a 0.3 difference between the halves is well inside their noise.
        double[][] traces = [[1, .. Repeat([1.5], 2), .. Repeat([2.5], 2), .. Repeat([1.5], 2), .. Repeat([2.5], 2), .. Repeat([1.5], 2), .. Repeat([2.6], 2), .. Repeat([1.6], 2), .. Repeat([2.6], 2), .. Repeat([1.6], 2), .. Repeat([2.6], 2)]];
        Assert.Empty(ChainDiagnostics.Check(traces, burnIn: 1, initLoss: 1, nBeta: 1));
    }

    [Fact]
    public void Diagnostics_flag_divergence_negative_and_drifting_chains_and_pass_a_flat_one()
    {
        double[][] traces =
        [
            [1, 2, .. Repeat([1.9, 2.1], 10)],                    // flat after burn-in, noisy: λ̂ = 1
            [1, 2, double.NaN, .. Repeat([2.0], 20)],             // diverged at step 2
            [1, 0.5, .. Repeat([0.5], 20)],                       // below L_n(w*) = 1
            [1, 1.2, .. Repeat([1.4, 1.6], 5), .. Repeat([2.4, 2.6], 5)], // still rising: halves give 0.5 and 1.5
        ];
        var warnings = ChainDiagnostics.Check(traces, burnIn: 2, initLoss: 1, nBeta: 1);
        Assert.DoesNotContain(warnings, w => w.Chain == 0);
        Assert.Equal([ChainProblem.Diverged], warnings.Where(w => w.Chain == 1).Select(w => w.Problem));
        Assert.Contains(warnings, w => w.Chain == 2 && w.Problem == ChainProblem.Negative);
        Assert.Equal([ChainProblem.NotSettled], warnings.Where(w => w.Chain == 3).Select(w => w.Problem));
        Assert.All(Enum.GetValues<ChainProblem>(), p => Assert.NotEmpty(ChainDiagnostics.Advice(p)));
    }
}
