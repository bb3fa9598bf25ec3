using ReasonRL.Core.Randomness;
using ReasonRL.Model.Prompts;

namespace ReasonRL.Training.Supervised;

/// <summary>
/// SFT batches: each example is its prompt's ids (<see cref="PromptBuilder.IdsOfText"/>: <c>bos prompt</c> for the r1 and
/// raw templates, the rendered chat template as it is for chat), then <c>completion eos</c>, and only the completion and eos are targets (TRL's
/// completion-only loss). Examples are ordered epoch by epoch, each epoch in its own seeded order; without packing a
/// row holds one example (right-padded to the longest in its batch), with packing rows of context_length + 1 tokens
/// are filled with whole examples, each attending only to itself with positions counted from its own start, so its
/// per-token losses are those it has alone. Batches are fixed up front, so batch k is a pure function of k.
/// </summary>
public sealed class SftBatches : IBatchSource
{
    /// <summary>Each row's tokens, target mask, and per token the index of its example within the row.</summary>
    private readonly List<(int[] Tokens, float[] Mask, int[] Documents)> _rows = [];
    private readonly int _batchSize;
    private readonly int _padId;
    private readonly int _fixedLength;

    public SftBatches(IReadOnlyList<SftExample> examples, PromptBuilder prompts, int contextLength, int batchSize, int epochs, bool packing, ulong seed)
    {
        _batchSize = batchSize;
        _padId = prompts.Tokenizer.PadId;
        _fixedLength = packing ? contextLength + 1 : 0;
        var encoded = examples.Select(e => Encode(e, prompts, contextLength + 1)).ToList();
        var ordered = new List<(int[] Tokens, float[] Mask)>(encoded.Count * epochs);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            var order = Enumerable.Range(0, encoded.Count).ToArray();
            new DeterministicRandom(SeedMixer.Mix(seed, (ulong)epoch)).Shuffle(order);
            ordered.AddRange(order.Select(i => encoded[i]));
        }

        if (!packing)
        {
            _rows = [.. ordered.Select(e => (e.Tokens, e.Mask, new int[e.Tokens.Length]))];
            return;
        }

        var tokens = new List<int>();
        var mask = new List<float>();
        var documents = new List<int>();
        foreach (var (exampleTokens, exampleMask) in ordered)
        {
            if (tokens.Count + exampleTokens.Length > contextLength + 1 && tokens.Count > 0)
            {
                _rows.Add(([.. tokens], [.. mask], [.. documents]));
                tokens.Clear();
                mask.Clear();
                documents.Clear();
            }

            var document = documents.Count == 0 ? 0 : documents[^1] + 1;
            tokens.AddRange(exampleTokens);
            mask.AddRange(exampleMask);
            documents.AddRange(Enumerable.Repeat(document, exampleTokens.Length));
        }

        if (tokens.Count > 1)
        {
            _rows.Add(([.. tokens], [.. mask], [.. documents]));
        }
    }

    /// <summary>Optimizer steps for all epochs.</summary>
    public int Steps => (_rows.Count + _batchSize - 1) / _batchSize;

    public int Examples => _rows.Count;

    /// <summary>Input tokens of every step's rows, padding left out: what training on all the batches processes.</summary>
    public long Tokens => Enumerable.Range(0, Steps * _batchSize).Sum(i => (long)_rows[i % _rows.Count].Tokens.Length - 1);

    public TokenBatch Batch(int step)
    {
        var rows = Enumerable.Range(step * _batchSize, _batchSize).Select(i => _rows[i % _rows.Count]).ToList();
        var length = _fixedLength > 0 ? _fixedLength : rows.Max(r => r.Tokens.Length);
        var padded = rows.Select(r => r.Tokens.Concat(Enumerable.Repeat(_padId, length - r.Tokens.Length)).ToArray()).ToList();
        // Mask values describe targets: the target of input position t is token t + 1.
        var masks = rows.Select(r => r.Mask.Skip(1).Concat(Enumerable.Repeat(0f, length - r.Mask.Length)).ToArray()).ToList();
        // Per input token (the last token is only a target). Right padding joins the row's last document: causal
        // attention keeps it out of every real token's view, and its outputs are never trained on.
        var documents = rows.Select(r => r.Documents.Concat(Enumerable.Repeat(r.Documents[^1], length - r.Documents.Length)).Take(length - 1).ToArray()).ToList();
        return TokenBatch.FromRows(padded, masks, documents);
    }

    /// <summary>Tokens of one example and, per token, 1 where it is a target (completion and eos), truncated to fit.</summary>
    internal static (int[] Tokens, float[] Mask) Encode(SftExample example, PromptBuilder prompts, int maxTokens)
    {
        var prompt = prompts.IdsOfText(example.Prompt);
        var completion = prompts.Tokenizer.Encode(example.Completion);
        int[] tokens = [.. prompt, .. completion, prompts.Tokenizer.EosId];
        var mask = tokens.Select((_, i) => i >= prompt.Length ? 1f : 0f).ToArray();
        return tokens.Length <= maxTokens ? (tokens, mask) : (tokens[..maxTokens], mask[..maxTokens]);
    }
}
