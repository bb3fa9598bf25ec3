using ReasonRL.Model.Scoring;
using ReasonRL.Model.Transformer;
using static TorchSharp.torch;

namespace ReasonRL.Model.Tests;

/// <summary>Detecting native bfloat16, and the bfloat16 inference copy of a float32 model.</summary>
public class Bfloat16Tests
{
    [Theory]
    [InlineData("flags\t\t: fpu sse2 avx2 avx512f avx512_bf16 avx512_vnni\n", true)] // AMD Zen 4, Intel Cooper Lake
    [InlineData("flags\t\t: fpu avx512f amx_bf16 amx_tile amx_int8\n", true)]     // Intel Sapphire Rapids
    [InlineData("flags\t\t: fpu sse2 avx2 avx512f avx512_vnni\n", false)]         // Intel Cascade Lake
    [InlineData("flags\t\t: fpu sse2 avx2 fma\n", false)]                         // AMD Zen 3
    [InlineData("Features\t: fp asimd sve bf16 i8mm\n", true)]                    // Arm Neoverse V1
    [InlineData("Features\t: fp asimd evtstrm aes\n", false)]                     // Arm Cortex-A72
    [InlineData("model name\t: bf16 in a name is not a flag\n", false)]
    public void A_cpu_has_native_bfloat16_when_its_flags_name_it(string cpuinfo, bool expected)
    {
        Assert.Equal(expected, Bfloat16Support.CpuHasBfloat16(Bfloat16Support.ParseCpuFlags(cpuinfo)));
    }

    [Fact]
    public void Float32_inference_needs_no_copy()
    {
        using var model = TestModels.Create();
        using var inference = InferenceCopy.Of(model, ComputeDtype.Float32);

        Assert.False(inference.IsCopy);
        Assert.Same(model, inference.Model);
    }

    [Fact]
    public void The_bfloat16_copy_scores_within_bfloat16_rounding_of_its_float32_master()
    {
        using var scope = NewDisposeScope();
        using var model = TestModels.Create();
        using var inference = InferenceCopy.Of(model, ComputeDtype.Bfloat16);
        var sequences = randint(3, TestModels.Tokenizer.VocabSize, [4, 20], dtype: ScalarType.Int64, generator: new Generator(3));
        var mask = zeros([4, 20], dtype: ScalarType.Bool);
        mask[TensorIndex.Colon, TensorIndex.Slice(5, 20)] = true;

        var exact = LogProbScorer.ScoreWithoutGrad(model, sequences, mask, minibatchRows: 4).LogProbs;
        var rounded = LogProbScorer.ScoreWithoutGrad(inference.Model, sequences, mask, minibatchRows: 4).LogProbs;

        Assert.True(inference.IsCopy);
        Assert.All(inference.Model.parameters(), p => Assert.Equal(ScalarType.BFloat16, p.dtype));
        Assert.All(inference.Model.parameters(), p => Assert.False(p.requires_grad));
        var gap = (exact - rounded).abs();
        Assert.True(gap.max().item<float>() > 0, "the copy computed in float32");
        // bfloat16 keeps 8 significant bits (relative rounding 2⁻⁹ ≈ 0.002 per operation).
        Assert.InRange(gap.max().item<float>(), 0, 0.05);
        Assert.InRange(gap.sum().item<float>() / mask.sum().item<long>(), 0, 0.01);
    }

    [Fact]
    public void Refresh_rounds_the_masters_current_weights_into_the_copy()
    {
        using var model = TestModels.Create();
        using var inference = InferenceCopy.Of(model, ComputeDtype.Bfloat16);
        using (no_grad())
        {
            foreach (var parameter in model.parameters())
            {
                parameter.add_(0.5);
            }
        }

        var master = model.state_dict();
        var stale = inference.Model.state_dict();
        Assert.Contains(stale, kv => !TestModels.Identical(kv.Value, master[kv.Key].to_type(ScalarType.BFloat16)));

        inference.Refresh();

        Assert.All(inference.Model.state_dict(), kv => Assert.True(TestModels.Identical(kv.Value, master[kv.Key].to_type(ScalarType.BFloat16)), kv.Key));
    }
}
