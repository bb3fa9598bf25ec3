using System.Diagnostics;
using static TorchSharp.torch;

namespace ReasonRL.Model.Benchmarks;

/// <summary>
/// The machine's dense matrix-multiply throughput, measured in this process: the denominator of every MFU figure
/// ReasonRL reports, so that MFU is a ratio of two numbers taken under the same conditions.
/// </summary>
/// <remarks>
/// Square matmuls written into a preallocated output (<c>addmm_</c> with β = 0, so no allocation or page faults are
/// timed), after a warm-up, with torch's intra-op thread count as set for the process. The figure is the best of many
/// short windows: other processes on a shared machine can only slow a window down. A benchmark interleaves
/// <see cref="MeasureWindow"/> calls with the work it measures, so that both see the same moments of the machine.
/// </remarks>
public sealed class GemmPeak : IDisposable
{
    private static readonly int[] Sizes = [512, 1024, 1536];

    private readonly List<(int N, Tensor A, Tensor B, Tensor C)> _operands;
    private int _next;

    public GemmPeak(ScalarType dtype = ScalarType.Float32)
    {
        using var guard = no_grad();
        using var generator = new Generator(1);
        _operands = [.. Sizes.Select(n => (
            n,
            randn([n, n], dtype: dtype, generator: generator).DetachFromDisposeScope(),
            randn([n, n], dtype: dtype, generator: generator).DetachFromDisposeScope(),
            empty([n, n], dtype: dtype).DetachFromDisposeScope()))];
        foreach (var (_, a, b, c) in _operands)
        {
            c.addmm_(a, b, beta: 0, alpha: 1); // warm up: threads, caches, the BLAS's packing buffers
        }

    }

    /// <summary>The best GFLOP/s (2·n³ flops per n×n matmul) of all windows so far.</summary>
    public double Best { get; private set; }

    /// <summary>Times one window of about <paramref name="seconds"/> on the next size in turn; returns its GFLOP/s.</summary>
    public double MeasureWindow(double seconds, CancellationToken cancellationToken)
    {
        using var guard = no_grad();
        var (n, a, b, c) = _operands[_next];
        _next = (_next + 1) % _operands.Count;
        var clock = Stopwatch.StartNew();
        var iterations = 0;
        while (clock.Elapsed.TotalSeconds < seconds || iterations < 2)
        {
            cancellationToken.ThrowIfCancellationRequested();
            c.addmm_(a, b, beta: 0, alpha: 1);
            iterations++;
        }

        var rate = 2.0 * n * n * n * iterations / clock.Elapsed.TotalSeconds / 1e9;
        Best = Math.Max(Best, rate);
        return rate;
    }

    /// <summary>Best GFLOP/s over <paramref name="rounds"/> rounds of windows on every size, about <paramref name="secondsPerSize"/> each size.</summary>
    public static double Measure(CancellationToken cancellationToken, ScalarType dtype = ScalarType.Float32, double secondsPerSize = 0.5, int rounds = 3)
    {
        using var peak = new GemmPeak(dtype);
        for (var window = 0; window < rounds * Sizes.Length; window++)
        {
            peak.MeasureWindow(secondsPerSize / rounds, cancellationToken);
        }

        return peak.Best;
    }

    public void Dispose()
    {
        foreach (var (_, a, b, c) in _operands)
        {
            a.Dispose();
            b.Dispose();
            c.Dispose();
        }
    }
}
