using ReasonRL.Model.Scoring;
using static TorchSharp.torch;

namespace ReasonRL.Model.Tests;

/// <summary>The batched log-prob scorer against a plain full log-softmax, with masks, padding and minibatches.</summary>
public class ScorerTests
{
    [Fact]
    public void Scores_equal_a_full_log_softmax_gathered_at_the_next_tokens_where_masked()
    {
        using var scope = NewDisposeScope();
        using var model = TestModels.Create();
        var sequences = randint(3, TestModels.Tokenizer.VocabSize, [3, 10], dtype: ScalarType.Int64, generator: new Generator(2));
        var mask = zeros([3, 10], dtype: ScalarType.Bool);
        mask[0, TensorIndex.Slice(4, 10)] = true;
        mask[1, TensorIndex.Slice(2, 6)] = true;
        mask[2, TensorIndex.Slice(7, 8)] = true;

        var scores = LogProbScorer.Score(model, sequences, mask, temperature: 0.8, withEntropy: true);

        using var guard = no_grad();
        var full = (model.forward(sequences) / 0.8).log_softmax(-1);           // (B, T, V)
        var expected = zeros(3, 10);
        var expectedEntropy = zeros(3, 10);
        for (var b = 0; b < 3; b++)
        {
            for (var t = 1; t < 10; t++)
            {
                if (mask[b, t].item<bool>())
                {
                    expected[b, t] = full[b, t - 1, sequences[b, t]];
                    expectedEntropy[b, t] = -(full[b, t - 1].exp() * full[b, t - 1]).sum();
                }
            }
        }

        Assert.True(scores.LogProbs.allclose(expected, rtol: 0, atol: 1e-5));
        Assert.True(scores.Entropy!.allclose(expectedEntropy, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Right_padding_and_minibatches_do_not_change_the_scores()
    {
        using var scope = NewDisposeScope();
        using var model = TestModels.Create();
        var sequences = randint(3, TestModels.Tokenizer.VocabSize, [5, 12], dtype: ScalarType.Int64, generator: new Generator(4));
        var mask = zeros([5, 12], dtype: ScalarType.Bool);
        mask[TensorIndex.Colon, TensorIndex.Slice(3, 8)] = true;
        var padded = cat([sequences, full(5, 6, TestModels.Tokenizer.PadId, dtype: ScalarType.Int64)], 1);
        var paddedMask = cat([mask, zeros([5, 6], dtype: ScalarType.Bool)], 1);

        var whole = LogProbScorer.ScoreWithoutGrad(model, sequences, mask, minibatchRows: 5);
        var pieces = LogProbScorer.ScoreWithoutGrad(model, padded, paddedMask, minibatchRows: 2);

        Assert.Equal([5, 18], pieces.LogProbs.shape);
        Assert.True(pieces.LogProbs.narrow(1, 0, 12).allclose(whole.LogProbs, rtol: 0, atol: 1e-6));
        Assert.True(pieces.LogProbs.narrow(1, 12, 6).eq(0).all().item<bool>());
    }

    [Fact]
    public void The_policy_pass_carries_gradients_to_the_weights()
    {
        using var scope = NewDisposeScope();
        using var model = TestModels.Create();
        var sequences = randint(3, TestModels.Tokenizer.VocabSize, [2, 8], dtype: ScalarType.Int64, generator: new Generator(6));
        var mask = ones([2, 8], dtype: ScalarType.Bool);
        mask[TensorIndex.Colon, 0] = false;

        var scores = LogProbScorer.Score(model, sequences, mask);
        scores.LogProbs.sum().backward();

        Assert.All(model.parameters(), p => Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0));
    }

    [Fact]
    public void Rows_scored_in_length_buckets_get_the_scores_and_gradients_of_one_whole_batch_pass()
    {
        using var scope = NewDisposeScope();
        using var model = TestModels.Create();
        var sequences = randint(3, TestModels.Tokenizer.VocabSize, [5, 14], dtype: ScalarType.Int64, generator: new Generator(8));
        var mask = zeros([5, 14], dtype: ScalarType.Bool);
        mask[0, TensorIndex.Slice(3, 14)] = true; // rows of lengths 14, 5, 0 (nothing scored), 9 and 5: three buckets
        mask[1, TensorIndex.Slice(2, 5)] = true;
        mask[3, TensorIndex.Slice(4, 9)] = true;
        mask[4, TensorIndex.Slice(1, 5)] = true;

        var bucketed = LogProbScorer.Score(model, sequences, mask, temperature: 0.9, withEntropy: true, bucketOverheadTokens: 0);
        (bucketed.LogProbs.sum() + bucketed.Entropy!.sum()).backward();
        var bucketedGradients = model.parameters().Select(p => p.grad!.clone()).ToList();
        model.zero_grad();
        var full = (model.forward(sequences) / 0.9).log_softmax(-1); // (B, T, V): one pass over the whole padded batch
        var previous = full.narrow(1, 0, 13);
        var expected = zeros(5, 14).index_put_(previous.gather(2, sequences.narrow(1, 1, 13).unsqueeze(2)).squeeze(2), TensorIndex.Colon, TensorIndex.Slice(1, 14)) * mask;
        var expectedEntropy = zeros(5, 14).index_put_(-(previous.exp() * previous).sum(-1), TensorIndex.Colon, TensorIndex.Slice(1, 14)) * mask;
        (expected.sum() + expectedEntropy.sum()).backward();

        Assert.True(bucketed.LogProbs.allclose(expected, rtol: 0, atol: 1e-5));
        Assert.True(bucketed.Entropy.allclose(expectedEntropy, rtol: 0, atol: 1e-5));
        Assert.All(model.parameters().Zip(bucketedGradients), pair => Assert.True(pair.First.grad!.allclose(pair.Second, rtol: 1e-4, atol: 1e-5)));
    }

    [Fact]
    public void Scoring_without_grad_sorts_rows_by_length_and_returns_them_in_input_order()
    {
        using var scope = NewDisposeScope();
        using var model = TestModels.Create();
        var sequences = randint(3, TestModels.Tokenizer.VocabSize, [6, 12], dtype: ScalarType.Int64, generator: new Generator(9));
        var mask = zeros([6, 12], dtype: ScalarType.Bool);
        for (var row = 0; row < 6; row++)
        {
            mask[row, TensorIndex.Slice(2, 4 + (row * 37 % 8))] = true; // lengths 4, 9, 6, 11, 8, 5 in row order
        }

        var sorted = LogProbScorer.ScoreWithoutGrad(model, sequences, mask, minibatchRows: 2, withEntropy: true);
        using var guard = no_grad();
        for (var row = 0; row < 6; row++)
        {
            var alone = LogProbScorer.Score(model, sequences.narrow(0, row, 1), mask.narrow(0, row, 1), withEntropy: true);
            Assert.True(sorted.LogProbs.narrow(0, row, 1).allclose(alone.LogProbs, rtol: 0, atol: 1e-6));
            Assert.True(sorted.Entropy!.narrow(0, row, 1).allclose(alone.Entropy!, rtol: 0, atol: 1e-6));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)] // more streams than minibatches: one per minibatch
    public void Scoring_in_streams_gives_one_streams_scores_up_to_float_rounding(int streams)
    {
        using var scope = NewDisposeScope();
        using var model = TestModels.Create();
        var sequences = randint(3, TestModels.Tokenizer.VocabSize, [9, 14], dtype: ScalarType.Int64, generator: new Generator(11));
        var mask = zeros([9, 14], dtype: ScalarType.Bool);
        for (var row = 0; row < 9; row++)
        {
            mask[row, TensorIndex.Slice(3, 5 + (row * 5 % 9))] = true; // lengths 5 to 13
        }

        var one = LogProbScorer.ScoreWithoutGrad(model, sequences, mask, minibatchRows: 2, temperature: 0.7, withEntropy: true);
        var several = LogProbScorer.ScoreWithoutGrad(model, sequences, mask, minibatchRows: 2, temperature: 0.7, withEntropy: true, streams: streams);

        Assert.True(one.LogProbs.ne(0).any().item<bool>());
        // Single-threaded kernels sum in another order than two-threaded ones: the last bit or two may differ.
        Assert.True(several.LogProbs.allclose(one.LogProbs, rtol: 0, atol: 1e-6), $"log-probs differ from one stream's by up to {(several.LogProbs - one.LogProbs).abs().max().item<float>()}");
        Assert.True(several.Entropy!.allclose(one.Entropy!, rtol: 0, atol: 1e-6), "entropies differ from one stream's");
        Assert.True(several.LogProbs.eq(0).equal(one.LogProbs.eq(0)).all().item<bool>(), "the scored positions differ");
        Assert.False(several.LogProbs.requires_grad);
    }

    [Fact]
    public void Marking_column_0_is_refused()
    {
        using var scope = NewDisposeScope();
        using var model = TestModels.Create();
        var sequences = zeros([1, 4], dtype: ScalarType.Int64);

        Assert.Throws<ArgumentException>(() => LogProbScorer.Score(model, sequences, ones([1, 4], dtype: ScalarType.Bool)));
    }
}
