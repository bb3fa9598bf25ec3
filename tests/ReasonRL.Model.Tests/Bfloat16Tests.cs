using ReasonRL.Model.Sampling;
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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_bfloat16_model_decodes_with_a_float32_cache_on_the_cpu_and_matches_its_own_full_forward(int streams)
    {
        using var master = TestModels.Create();
        using var inference = InferenceCopy.Of(master, ComputeDtype.Bfloat16);
        SampleRequest[] requests = [new(TestModels.Prompt("12+34="), 1), new(TestModels.Prompt("7"), 2), new(TestModels.Prompt("abc def 0"), 3)];

        var completions = new Sampler(inference.Model, TestModels.Tokenizer).Generate(requests, new SamplingOptions { MaxNewTokens = 10, StopAtEos = false, Streams = streams });

        Assert.Equal(ScalarType.Float32, KvCache.DtypeFor(inference.Model));
        using var scope = NewDisposeScope();
        var width = requests.Max(r => r.PromptIds.Count) + 10;
        var sequences = full(requests.Length, width, TestModels.Tokenizer.PadId, dtype: ScalarType.Int64);
        var mask = zeros([requests.Length, width], dtype: ScalarType.Bool);
        for (var row = 0; row < requests.Length; row++)
        {
            int[] ids = [.. requests[row].PromptIds, .. completions[row].TokenIds];
            sequences[row].narrow(0, 0, ids.Length).copy_(tensor(ids.Select(i => (long)i).ToArray()));
            mask[row].narrow(0, requests[row].PromptIds.Count, completions[row].TokenIds.Length).fill_(true);
        }

        var scores = LogProbScorer.ScoreWithoutGrad(inference.Model, sequences, mask, minibatchRows: 3).LogProbs;
        for (var row = 0; row < requests.Length; row++)
        {
            var fullPass = scores[row].narrow(0, requests[row].PromptIds.Count, completions[row].TokenIds.Length).data<float>().ToArray();
            // The same bfloat16 weights; the cached pass attends in float32, the full pass in bfloat16.
            Assert.All(fullPass.Zip(completions[row].UntruncatedLogProbs), pair => Assert.InRange(Math.Abs(pair.First - pair.Second), 0, 0.05));
        }
    }
}
