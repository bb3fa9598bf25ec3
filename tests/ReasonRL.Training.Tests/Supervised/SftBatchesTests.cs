using ReasonRL.Core.Tasks;
using ReasonRL.Training.Stages;
using ReasonRL.Training.Supervised;
using ReasonRL.Training.Tests.Corpus;

namespace ReasonRL.Training.Tests.Supervised;

public class SftBatchesTests
{
    private static readonly Model.Tokenization.TextTokenizer Tokenizer = ModelVocabulary.For(new TaskFamilyRegistry([new AdditionFamily()]));

    [Fact]
    public void Only_completion_tokens_and_eos_are_targets()
    {
        var batches = new SftBatches([new SftExample("1+1", "=2")], Tokenizer, contextLength: 16, batchSize: 1, epochs: 1, packing: false, seed: 1);

        var batch = batches.Batch(0);

        // Row: bos 1 + 1 = 2 eos → inputs (bos 1 + 1 = 2), targets (1 + 1 = 2 eos); targets "=", "2", eos are trained.
        Assert.Equal(new[] { 0f, 0f, 0f, 1f, 1f, 1f }, batch.LossMask.data<float>().ToArray());
        Assert.Equal(Tokenizer.EosId, batch.Targets[0, 5].item<long>());
        Assert.Equal(Tokenizer.BosId, batch.Inputs[0, 0].item<long>());
    }

    [Fact]
    public void Rows_are_right_padded_to_the_longest_in_the_batch_with_padding_never_trained()
    {
        var batches = new SftBatches([new SftExample("1", "2"), new SftExample("1+1+1", "3")], Tokenizer, 16, batchSize: 2, epochs: 1, packing: false, seed: 1);

        var batch = batches.Batch(0);

        Assert.Equal([2L, 7L], batch.Inputs.shape);
        Assert.Equal(4f, batch.LossMask.sum().item<float>()); // "2" + eos and "3" + eos
    }

    [Fact]
    public void Packing_fills_rows_with_whole_examples_and_keeps_their_masks()
    {
        var examples = Enumerable.Range(0, 6).Select(i => new SftExample($"{i}+{i}", $"={2 * i}")).ToList();
        var unpacked = new SftBatches(examples, Tokenizer, contextLength: 24, batchSize: 1, epochs: 2, packing: false, seed: 3);
        var packed = new SftBatches(examples, Tokenizer, contextLength: 24, batchSize: 1, epochs: 2, packing: true, seed: 3);

        Assert.Equal(12, unpacked.Steps);
        Assert.True(packed.Steps < unpacked.Steps);
        var total = Enumerable.Range(0, packed.Steps).Sum(s => packed.Batch(s).LossMask.sum().item<float>());
        var expected = Enumerable.Range(0, unpacked.Steps).Sum(s => unpacked.Batch(s).LossMask.sum().item<float>());
        Assert.Equal(expected, total);
    }

    [Fact]
    public void Each_epoch_visits_every_example_once_in_a_seeded_order()
    {
        var examples = Enumerable.Range(0, 5).Select(i => new SftExample($"{i}", $"{i}")).ToList();
        var batches = new SftBatches(examples, Tokenizer, 8, batchSize: 5, epochs: 2, packing: false, seed: 9);

        string Prompts(int step) => string.Concat(Enumerable.Range(0, 5).Select(r => Tokenizer.Decode([(int)batches.Batch(step).Inputs[r, 1].item<long>()])));

        Assert.Equal("01234", string.Concat(Prompts(0).Order()));
        Assert.Equal("01234", string.Concat(Prompts(1).Order()));
        Assert.NotEqual(Prompts(0), Prompts(1));
    }
}
