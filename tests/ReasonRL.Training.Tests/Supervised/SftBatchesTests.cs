using F = TorchSharp.torch.nn.functional;
using ReasonRL.Core.Tasks;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Transformer;
using ReasonRL.Model;
using ReasonRL.Training.Stages;
using ReasonRL.Training.Supervised;
using ReasonRL.Training.Tests.Corpus;
using static TorchSharp.torch;

namespace ReasonRL.Training.Tests.Supervised;

public class SftBatchesTests
{
    private static readonly Model.Tokenization.TextTokenizer Tokenizer = ModelVocabulary.For(new TaskFamilyRegistry([new AdditionFamily()]));

    private static readonly PromptBuilder R1Prompts = PromptBuilder.R1(Tokenizer);

    [Fact]
    public void Only_completion_tokens_and_eos_are_targets()
    {
        var batches = new SftBatches([new SftExample("1+1", "=2")], R1Prompts, contextLength: 16, batchSize: 1, epochs: 1, packing: false, seed: 1);

        var batch = batches.Batch(0);

        // Row: bos 1 + 1 = 2 eos → inputs (bos 1 + 1 = 2), targets (1 + 1 = 2 eos); targets "=", "2", eos are trained.
        Assert.Equal(new[] { 0f, 0f, 0f, 1f, 1f, 1f }, batch.LossMask.data<float>().ToArray());
        Assert.Equal(Tokenizer.EosId, batch.Targets[0, 5].item<long>());
        Assert.Equal(Tokenizer.BosId, batch.Inputs[0, 0].item<long>());
    }

    [Fact]
    public void Rows_are_right_padded_to_the_longest_in_the_batch_with_padding_never_trained()
    {
        var batches = new SftBatches([new SftExample("1", "2"), new SftExample("1+1+1", "3")], R1Prompts, 16, batchSize: 2, epochs: 1, packing: false, seed: 1);

        var batch = batches.Batch(0);

        Assert.Equal([2L, 7L], batch.Inputs.shape);
        Assert.Equal(4f, batch.LossMask.sum().item<float>()); // "2" + eos and "3" + eos
    }

    [Fact]
    public void Packing_fills_rows_with_whole_examples_and_keeps_their_masks()
    {
        var examples = Enumerable.Range(0, 6).Select(i => new SftExample($"{i}+{i}", $"={2 * i}")).ToList();
        var unpacked = new SftBatches(examples, R1Prompts, contextLength: 24, batchSize: 1, epochs: 2, packing: false, seed: 3);
        var packed = new SftBatches(examples, R1Prompts, contextLength: 24, batchSize: 1, epochs: 2, packing: true, seed: 3);

        Assert.Equal(12, unpacked.Steps);
        Assert.True(packed.Steps < unpacked.Steps);
        var total = Enumerable.Range(0, packed.Steps).Sum(s => packed.Batch(s).LossMask.sum().item<float>());
        var expected = Enumerable.Range(0, unpacked.Steps).Sum(s => unpacked.Batch(s).LossMask.sum().item<float>());
        Assert.Equal(expected, total);
    }

    [Theory]
    [InlineData(PositionKind.Rope)]
    [InlineData(PositionKind.Learned)]
    public void A_packed_row_gives_every_example_the_per_token_losses_it_has_alone(PositionKind positions)
    {
        using var scope = NewDisposeScope();
        using var model = TransformerModel.Create(TransformerConfig.FromPreset(ModelPreset.Tiny, Tokenizer.VocabSize, 32) with { Positions = positions }, seed: 3);
        SftExample[] examples = [new("1+2", "=3"), new("4+4+1", "=9"), new("7", "=7")];
        var alone = new SftBatches(examples, R1Prompts, contextLength: 32, batchSize: 1, epochs: 1, packing: false, seed: 5);
        var packed = new SftBatches(examples, R1Prompts, contextLength: 32, batchSize: 1, epochs: 1, packing: true, seed: 5);
        Assert.Equal(1, packed.Steps); // all three in one row, in the same order as the unpacked steps

        var expected = Enumerable.Range(0, alone.Steps).SelectMany(s => TrainedTokenLosses(model, alone.Batch(s))).ToList();
        var actual = TrainedTokenLosses(model, packed.Batch(0));

        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) < 1e-5);
    }

    /// <summary>The cross-entropy of every trained target, in order.</summary>
    private static List<double> TrainedTokenLosses(TransformerModel model, TokenBatch batch)
    {
        using var guard = no_grad();
        var logits = batch.Logits(model);
        var perToken = F.cross_entropy(logits.reshape(-1, logits.shape[2]), batch.Targets.reshape(-1), reduction: nn.Reduction.None);
        var mask = batch.LossMask.reshape(-1).data<float>().ToArray();
        var values = perToken.data<float>().ToArray();
        return [.. values.Where((_, i) => mask[i] > 0).Select(v => (double)v)];
    }

    [Fact]
    public void Each_epoch_visits_every_example_once_in_a_seeded_order()
    {
        var examples = Enumerable.Range(0, 5).Select(i => new SftExample($"{i}", $"{i}")).ToList();
        var batches = new SftBatches(examples, R1Prompts, 8, batchSize: 5, epochs: 2, packing: false, seed: 9);

        string Prompts(int step) => string.Concat(Enumerable.Range(0, 5).Select(r => Tokenizer.Decode([(int)batches.Batch(step).Inputs[r, 1].item<long>()])));

        Assert.Equal("01234", string.Concat(Prompts(0).Order()));
        Assert.Equal("01234", string.Concat(Prompts(1).Order()));
        Assert.NotEqual(Prompts(0), Prompts(1));
    }
}
