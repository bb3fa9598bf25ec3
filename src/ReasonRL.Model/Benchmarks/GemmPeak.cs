using System.Diagnostics;
using static TorchSharp.torch;

namespace ReasonRL.Model.Benchmarks;

/// <summary>
/// The machine's dense matrix-multiply throughput, measured in this process: the denominator of every MFU figure
/// ReasonRL reports, so that MFU is a ratio of two numbers taken under the same conditions.
/// </summary>
/// <remarks>
/// Square matmuls of a few sizes written into a preallocated output (<c>addmm_</c> with β = 0, so no allocation or
/// page faults are timed), after a warm-up, with torch's intra-op thread count as set for the process. The figure is
/// the best of many short windows: other processes on a shared machine can only slow a window down, so the best
/// window is the closest to what the hardware can do.
/// </remarks>
public static class GemmPeak
{
    /// <summary>Best GFLOP/s (2·n³ flops per n×n matmul) over <paramref name="rounds"/> rounds of every size.</summary>
    public static double Measure(CancellationToken cancellationToken, ScalarType dtype = ScalarType.Float32, double secondsPerSize = 0.5, int rounds = 3)
    {
        var sizes = new[] { 512, 1024, 1536 };
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        using var generator = new Generator(1);
        var operands = sizes.Select(n => (
            N: n,
            A: randn([n, n], dtype: dtype, generator: generator),
            B: randn([n, n], dtype: dtype, generator: generator),
            C: empty([n, n], dtype: dtype))).ToList();
        foreach (var (_, a, b, c) in operands)
        {
            c.addmm_(a, b, beta: 0, alpha: 1); // warm up: threads, caches, the BLAS's packing buffers
        }

        var best = 0.0;
        var window = secondsPerSize / rounds;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (n, a, b, c) in operands)
            {
                var clock = Stopwatch.StartNew();
                var iterations = 0;
                while (clock.Elapsed.TotalSeconds < window || iterations < 2)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    c.addmm_(a, b, beta: 0, alpha: 1);
                    iterations++;
                }

                best = Math.Max(best, 2.0 * n * n * n * iterations / clock.Elapsed.TotalSeconds / 1e9);
            }
        }

        return best;
    }
}
