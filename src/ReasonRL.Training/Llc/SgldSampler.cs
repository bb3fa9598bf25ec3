using System.Diagnostics;
using ReasonRL.Core.Llc;
using ReasonRL.Core.Randomness;
using static TorchSharp.torch;

namespace ReasonRL.Training.Llc;

/// <summary>
/// Estimates the local learning coefficient at the current weights w* of an <see cref="ISgldLoss"/> by stochastic
/// gradient Langevin dynamics (Welling and Teh, ICML 2011) on the localised tempered posterior
/// exp(−nβ L_n(w) − γ/2 ‖w − w*‖²), as in Lau et al. (arXiv 2308.12108, eq. 13):
/// <code>w ← w − (ε/2)(nβ ∇L_m(w) + γ (w − w*)) + N(0, ε I)</code>
/// Every chain starts at w*; step t of chain c draws its minibatch and its noise from seeds derived from
/// (seed, c), so an estimate is a pure function of the seed. The weights are w* again when it returns.
/// </summary>
public static class SgldSampler
{
    /// <param name="progress">Called after every step with (chain, steps done in that chain).</param>
    public static LlcResult Estimate(ISgldLoss loss, SgldSection sampler, ulong seed, Action<int, int>? progress = null, CancellationToken cancellationToken = default)
    {
        var problems = sampler.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems.Select(p => $"{p.Key}: {p.Message}")), nameof(sampler));
        }

        var clock = Stopwatch.StartNew();
        var nBeta = sampler.NBeta ?? LocalLearningCoefficient.DefaultNBeta(loss.Terms);
        var initLoss = loss.FullLoss();
        var centre = loss.Parameters.Select(p => p.detach().clone().DetachFromDisposeScope()).ToArray();
        var traces = new List<double[]>(sampler.Chains);
        try
        {
            for (var chain = 0; chain < sampler.Chains; chain++)
            {
                traces.Add(RunChain(loss, centre, sampler, nBeta, SeedMixer.Mix(seed, (ulong)chain), steps => progress?.Invoke(chain, steps), cancellationToken));
                Restore(loss.Parameters, centre);
            }
        }
        finally
        {
            Restore(loss.Parameters, centre);
            foreach (var tensor in centre)
            {
                tensor.Dispose();
            }
        }

        var summary = LocalLearningCoefficient.Summarise(traces, sampler.BurnIn, initLoss, nBeta);
        var warnings = ChainDiagnostics.Check(traces, sampler.BurnIn, initLoss, nBeta);
        return new LlcResult(summary, traces, warnings, loss.Terms, sampler, seed, clock.Elapsed.TotalSeconds);
    }

    /// <summary>One chain from w*: the minibatch loss at every step, before that step's move.</summary>
    private static double[] RunChain(ISgldLoss loss, Tensor[] centre, SgldSection sampler, double nBeta, ulong chainSeed, Action<int> progress, CancellationToken cancellationToken)
    {
        var steps = sampler.BurnIn + sampler.Draws;
        var trace = new double[steps];
        var batches = new MinibatchOrder(loss.Count, sampler.BatchSize, SeedMixer.Mix(chainSeed, "minibatches"));
        using var noise = new Generator(SeedMixer.Mix(chainSeed, "noise") >> 1);
        var noiseScale = Math.Sqrt(sampler.StepSize);
        for (var step = 0; step < steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            foreach (var p in loss.Parameters)
            {
                p.grad?.zero_();
            }

            var value = loss.Loss(batches.Next());
            value.backward();
            trace[step] = value.item<float>();
            if (!double.IsFinite(trace[step]))
            {
                Array.Fill(trace, double.NaN, step, steps - step);
                progress(steps);
                break;
            }

            using (no_grad())
            {
                for (var i = 0; i < centre.Length; i++)
                {
                    var w = loss.Parameters[i];
                    var drift = (w.grad! * nBeta) + ((w - centre[i]) * sampler.Localization); // the posterior's −∇ log density
                    w.add_(drift, alpha: -sampler.StepSize / 2);
                    w.add_(randn(w.shape, dtype: w.dtype, generator: noise).to(w.device), alpha: noiseScale);
                }
            }

            progress(step + 1);
        }

        foreach (var p in loss.Parameters)
        {
            p.grad?.zero_();
        }

        return trace;
    }

    private static void Restore(IReadOnlyList<Tensor> parameters, Tensor[] centre)
    {
        using var guard = no_grad();
        for (var i = 0; i < centre.Length; i++)
        {
            parameters[i].copy_(centre[i]);
        }
    }
}
