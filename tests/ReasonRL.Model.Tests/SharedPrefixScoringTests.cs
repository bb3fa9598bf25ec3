using ReasonRL.Model.Scoring;
using static TorchSharp.torch;

namespace ReasonRL.Model.Tests;

/// <summary>
/// Scoring that runs each shared prefix once (a prompt under several completions) against each row's own pass, and
/// the plan that finds the shared prefixes.
/// </summary>
public class SharedPrefixScoringTests
{
    public static TheoryData<string> Architectures => ["llama", "gpt2", "qwen3-gqa"];

    private static TransformerConfig Config(string architecture) => architecture switch
    {
        "llama" => TestModels.Tiny(),
        "gpt2" => TestModels.Tiny() with { Norm = NormKind.Layernorm, Positions = PositionKind.Learned, Mlp = MlpKind.Gelu, TiedEmbeddings = false },
        "qwen3-gqa" => TestModels.Tiny() with { Family = ModelFamily.Qwen3, Heads = 4, KvHeads = 2, QkNorm = true, QkvBias = true, OutputBias = true },
        _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
    };

    /// <summary>
    /// Seven rows: two prompts of different lengths under three completions each (one row with only its first token
    /// scored, one with a gap in its mask), a row with nothing scored, and a prompt of its own.
    /// </summary>
    private static (Tensor Sequences, Tensor Mask) Groups()
    {
        var sequences = randint(3, TestModels.Tokenizer.VocabSize, [8, 16], dtype: ScalarType.Int64, generator: new Generator(21));
        var mask = zeros([8, 16], dtype: ScalarType.Bool);
        int[] promptLength = [4, 4, 4, 6, 6, 6, 3, 5];
        int[] end = [16, 5, 11, 14, 9, 12, 10, 8];
        for (var row = 0; row < 8; row++)
        {
            var prompt = row < 3 ? 0 : row < 6 ? 3 : row;
            sequences[row, TensorIndex.Slice(0, promptLength[row])] = sequences[prompt, TensorIndex.Slice(0, promptLength[row])];
            if (row != 6)
            {
                mask[row, TensorIndex.Slice(promptLength[row], end[row])] = true;
            }
        }

        mask[2, 7] = false; // a gap: token 7 unscored, tokens after it scored
        return (sequences, mask);
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Shared_prefixes_give_each_rows_own_scores_and_gradients_up_to_float_rounding(string architecture)
    {
        using var scope = NewDisposeScope();
        using var model = TestModels.Create(Config(architecture));
        var (sequences, mask) = Groups();

        var shared = LogProbScorer.Score(model, sequences, mask, temperature: 0.9, withEntropy: true, bucketOverheadTokens: 0, sharePrefixes: true);
        (shared.LogProbs.sum() + shared.Entropy!.sum()).backward();
        var sharedGradients = model.parameters().Select(p => p.grad!.clone()).ToList();
        model.zero_grad();
        var own = LogProbScorer.Score(model, sequences, mask, temperature: 0.9, withEntropy: true, bucketOverheadTokens: 0, sharePrefixes: false);
        (own.LogProbs.sum() + own.Entropy!.sum()).backward();

        Assert.True(shared.LogProbs.allclose(own.LogProbs, rtol: 0, atol: 1e-5), $"largest difference {(shared.LogProbs - own.LogProbs).abs().max().item<float>()}");
        Assert.True(shared.Entropy.allclose(own.Entropy!, rtol: 0, atol: 1e-5));
        Assert.True(shared.LogProbs.ne(0).eq(mask).all().item<bool>(), "scores exactly where the mask is set");
        Assert.All(model.parameters().Zip(sharedGradients), pair => Assert.True(pair.First.grad!.allclose(pair.Second, rtol: 1e-4, atol: 1e-5)));
    }

    [Fact]
    public void Bucketing_and_the_batch_around_a_row_do_not_change_its_shared_prefix_scores()
    {
        using var scope = NewDisposeScope();
        using var guard = no_grad();
        using var model = TestModels.Create();
        var (sequences, mask) = Groups();

        var together = LogProbScorer.Score(model, sequences, mask, withEntropy: true);
        var perBucket = LogProbScorer.Score(model, sequences, mask, temperature: 1.0, withEntropy: true, bucketOverheadTokens: 0);
        for (var row = 0; row < 8; row++)
        {
            var alone = LogProbScorer.Score(model, sequences.narrow(0, row, 1), mask.narrow(0, row, 1), withEntropy: true);
            Assert.True(together.LogProbs.narrow(0, row, 1).allclose(alone.LogProbs, rtol: 0, atol: 1e-5));
            Assert.True(perBucket.LogProbs.narrow(0, row, 1).allclose(alone.LogProbs, rtol: 0, atol: 1e-5));
        }
    }

    [Fact]
    public void The_plan_groups_rows_by_the_tokens_before_their_first_scored_one()
    {
        using var scope = NewDisposeScope();
        var (sequences, mask) = Groups();

        var plan = SharedPrefixPlan.Of(sequences.data<long>().ToArray(), mask.data<bool>().ToArray(), 8, 16);

        Assert.Equal([0, 0, 0, 1, 1, 1, -1, 2], plan.RowPrefix);
        Assert.Equal([4, 4, 4, 6, 6, 6, 0, 5], plan.PrefixLengths);
        Assert.Equal([11, 0, 6, 7, 2, 5, 0, 2], plan.ContinuationLengths); // last scored column − first
        Assert.Equal([4, 6, 5], plan.Prefixes.Select(p => p.Length));
        Assert.Equal((3 * 4) + (3 * 6) + 5 - (4 + 6 + 5), plan.SavedPositions);
    }

    [Fact]
    public void Prefixes_that_differ_in_one_token_or_in_length_are_not_shared()
    {
        long[] sequences = [1, 5, 6, 7, 8, 1, 5, 6, 9, 8, 1, 5, 6, 7, 8];
        bool[] mask = [false, false, false, true, true, false, false, false, true, true, false, false, true, true, true];

        var plan = SharedPrefixPlan.Of(sequences, mask, 3, 5);

        Assert.Equal([0, 0, 1], plan.RowPrefix); // rows 0 and 1 share "1 5 6"; row 2's prefix is "1 5"
        Assert.Equal(3, plan.SavedPositions); // row 1's prefix, computed once with row 0's
    }

    [Fact]
    public void A_mask_on_column_zero_is_refused_naming_the_row()
    {
        var error = Assert.Throws<ArgumentException>(() => SharedPrefixPlan.Of([1, 2, 1, 2], [false, true, true, true], 2, 2));
        Assert.Contains("row 1", error.Message);
    }
}
