using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Model.Tokenization;
using ReasonRL.Training.Corpus;

namespace ReasonRL.Training.Supervised;

/// <summary>
/// Pretraining batches: each row is packed with whole documents, <c>bos document eos bos document eos …</c>, cut at
/// T + 1 tokens, and every token is a target. Row r of step k is built from the document stream seeded by
/// (seed, k, r), so batches are a pure function of the step (exact resume, no data-loader state).
/// </summary>
public sealed class PackedCorpusBatches(CorpusBuilder corpus, TextTokenizer tokenizer, int batchSize, int contextLength, ulong seed, Split split)
    : IBatchSource
{
    public TokenBatch Batch(int step)
    {
        var rows = new int[batchSize][];
        var masks = new float[batchSize][];
        for (var r = 0; r < batchSize; r++)
        {
            rows[r] = Row(SeedMixer.Mix(seed, (ulong)step, (ulong)r));
            masks[r] = Enumerable.Repeat(1f, contextLength).ToArray();
        }

        return TokenBatch.FromRows(rows, masks);
    }

    private int[] Row(ulong rowSeed)
    {
        var row = new List<int>(contextLength + 64);
        foreach (var document in corpus.Stream(rowSeed, 0, split))
        {
            row.Add(tokenizer.BosId);
            row.AddRange(tokenizer.Encode(document.Text));
            row.Add(tokenizer.EosId);
            if (row.Count >= contextLength + 1)
            {
                break;
            }
        }

        return [.. row.Take(contextLength + 1)];
    }
}
