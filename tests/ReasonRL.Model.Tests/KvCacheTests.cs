using ReasonRL.Model.Sampling;
using ReasonRL.Model.Scoring;
using static TorchSharp.torch;

namespace ReasonRL.Model.Tests;

/// <summary>Decoding with the KV cache gives what a full forward over the whole sequence gives (float32).</summary>
public class KvCacheTests
{
    private static readonly SampleRequest[] MixedLengths =
    [
        new(TestModels.Prompt("12+34="), 1),
        new(TestModels.Prompt("7"), 2),
        new(TestModels.Prompt("abc def ghij 0"), 3),
        new(TestModels.Prompt("9-8="), 4),
    ];

    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(0.7, 1)]
    [InlineData(0.0, 1)]
    [InlineData(1.0, 2)]
    [InlineData(0.7, 3)]
    public void Cached_log_probs_equal_a_full_forward_for_prompts_of_different_lengths(double temperature, int streams)
    {
        using var model = TestModels.Create();
        var sampler = new Sampler(model, TestModels.Tokenizer);
        var options = new SamplingOptions { Temperature = temperature, MaxNewTokens = 12, StopAtEos = false, Streams = streams };

        var completions = sampler.Generate(MixedLengths, options);

        using var scope = NewDisposeScope();
        var (sequences, mask) = RightPadded(MixedLengths, completions);
        var scores = LogProbScorer.ScoreWithoutGrad(model, sequences, mask, minibatchRows: 3, temperature: temperature == 0 ? 1.0 : temperature);
        for (var row = 0; row < MixedLengths.Length; row++)
        {
            var prompt = MixedLengths[row].PromptIds.Count;
            var full = scores.LogProbs[row].narrow(0, prompt, completions[row].TokenIds.Length).data<float>().ToArray();
            var cached = completions[row].UntruncatedLogProbs;
            Assert.Equal(cached.Length, full.Length);
            for (var t = 0; t < full.Length; t++)
            {
                Assert.True(Math.Abs(full[t] - cached[t]) <= 1e-5, $"row {row} token {t}: cached {cached[t]} vs full {full[t]}");
            }
        }
    }

    [Fact]
    public void Cached_and_naive_generation_give_the_same_tokens_and_log_probs()
    {
        using var model = TestModels.Create();
        var sampler = new Sampler(model, TestModels.Tokenizer);
        var options = new SamplingOptions { Temperature = 1.0, MaxNewTokens = 10, StopAtEos = false, CompactWhenActiveFraction = 0 };

        var cached = sampler.Generate(MixedLengths, options);
        var naive = sampler.GenerateWithoutCache(MixedLengths, options);

        for (var row = 0; row < MixedLengths.Length; row++)
        {
            Assert.Equal(naive[row].TokenIds, cached[row].TokenIds);
            Assert.All(naive[row].LogProbs.Zip(cached[row].LogProbs), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5));
        }
    }

    /// <summary>Prompt + completion of each row, right-padded, with the completion tokens masked in.</summary>
    internal static (Tensor Sequences, Tensor Mask) RightPadded(IReadOnlyList<SampleRequest> requests, IReadOnlyList<SampledCompletion> completions)
    {
        var rows = requests.Select((r, i) => r.PromptIds.Concat(completions[i].TokenIds).ToArray()).ToList();
        var width = rows.Max(r => r.Length);
        var ids = new long[rows.Count * width];
        var mask = new bool[rows.Count * width];
        for (var row = 0; row < rows.Count; row++)
        {
            for (var t = 0; t < rows[row].Length; t++)
            {
                ids[(row * width) + t] = rows[row][t];
                mask[(row * width) + t] = t >= requests[row].PromptIds.Count;
            }
        }

        return (tensor(ids, [rows.Count, width], dtype: ScalarType.Int64), tensor(mask, [rows.Count, width]));
    }
}
