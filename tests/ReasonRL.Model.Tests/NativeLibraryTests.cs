using ReasonRL.Model.Benchmarks;
using static TorchSharp.torch;

namespace ReasonRL.Model.Tests;

/// <summary>
/// TorchSharp's native library loads straight out of the build (the build marks its GLIBCXX_3.4.32 need weak on
/// Debian 12) and computes correctly.
/// </summary>
public class NativeLibraryTests
{
    [Fact]
    public void A_tensor_op_runs_and_computes_the_right_numbers()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }).reshape(2, 2);
        var product = a.matmul(a);

        Assert.Equal(new float[] { 7, 10, 15, 22 }, product.data<float>().ToArray());
    }

    [Fact]
    public void The_gemm_peak_is_a_positive_rate() =>
        Assert.InRange(GemmPeak.Measure(CancellationToken.None, secondsPerSize: 0.05), 0.1, 1e6);

    [Fact]
    public void No_leftover_native_folder_is_in_the_output()
    {
        // TorchSharp copies ~480 MB of natives to <out>/cpu after a failed load; the build removes them.
        Assert.False(File.Exists(Path.Combine(AppContext.BaseDirectory, "cpu", "libLibTorchSharp.so")));
    }
}
