using System.Diagnostics;
using static TorchSharp.torch;

namespace ReasonRL.Model.Benchmarks;

/// <summary>
/// The machine's dense matrix-multiply throughput, measured in this process: the denominator of every MFU figure
/// ReasonRL reports, so that MFU is a ratio of two numbers taken under the same conditions.
/// </summary>
public static class GemmPeak
{
    /// <summary>Best GFLOP/s of square <paramref name="dtype"/> matmuls over a few sizes (2·n³ flops each).</summary>
    public static double Measure(CancellationToken cancellationToken, ScalarType dtype = ScalarType.Float32, double secondsPerSize = 0.5)
    {
        var best = 0.0;
        foreach (var n in new[] { 512, 1024, 2048 })
        {
            using var scope = NewDisposeScope();
            using var guard = no_grad();
            var a = randn(n, n, dtype: dtype);
            var b = randn(n, n, dtype: dtype);
            a.matmul(b).Dispose(); // warm up
            var flops = 2.0 * n * n * n;
            var clock = Stopwatch.StartNew();
            var iterations = 0;
            while (clock.Elapsed.TotalSeconds < secondsPerSize || iterations < 2)
            {
                cancellationToken.ThrowIfCancellationRequested();
                a.matmul(b).Dispose();
                iterations++;
            }

            best = Math.Max(best, flops * iterations / clock.Elapsed.TotalSeconds / 1e9);
        }

        return best;
    }
}
