using ReasonRL.Model.Prompts;
using ReasonRL.Model.Transformer;
using ReasonRL.Training.Supervised;
using static TorchSharp.torch;

namespace ReasonRL.Training.Llc;

/// <summary>
/// A language model's L_n for an LLC: the mean next-token negative log-likelihood of the completion tokens (and eos)
/// given <c>bos prompt</c>, over all completion tokens of the data, exactly the loss SFT trains (TRL's
/// completion-only loss). Examples are the minibatch unit; the loss terms L_n averages, and so the n of nβ = n/log n,
/// are the completion tokens.
/// </summary>
public sealed class CompletionLoss : ISgldLoss
{
    private readonly TransformerModel _model;
    private readonly (int[] Tokens, float[] Mask)[] _rows;
    private readonly int _padId;

    public CompletionLoss(TransformerModel model, PromptBuilder prompts, IReadOnlyList<SftExample> examples)
    {
        _model = model;
        _padId = prompts.Tokenizer.PadId;
        _rows = [.. examples.Select(e => SftBatches.Encode(e, prompts, model.Config.ContextLength + 1))];
        Parameters = [.. model.parameters()];
        Terms = _rows.Sum(r => (long)r.Mask.Skip(1).Sum());
    }

    public IReadOnlyList<Tensor> Parameters { get; }

    public int Count => _rows.Length;

    /// <summary>Completion tokens (with eos) over all examples.</summary>
    public long Terms { get; }

    public Tensor Loss(IReadOnlyList<int> indices)
    {
        var batch = Batch(indices);
        return NextTokenLoss.Of(batch.Logits(_model), batch.Targets, batch.LossMask);
    }

    public double FullLoss()
    {
        const int chunk = 32;
        using var guard = no_grad();
        double total = 0;
        long tokens = 0;
        for (var start = 0; start < _rows.Length; start += chunk)
        {
            using var scope = NewDisposeScope();
            var batch = Batch([.. Enumerable.Range(start, Math.Min(chunk, _rows.Length - start))]);
            var count = batch.TrainedTokens;
            total += NextTokenLoss.Of(batch.Logits(_model), batch.Targets, batch.LossMask).item<float>() * (double)count;
            tokens += count;
        }

        return total / tokens;
    }

    /// <summary>The rows at <paramref name="indices"/>, right-padded to the longest, targets masked to completions.</summary>
    private TokenBatch Batch(IReadOnlyList<int> indices)
    {
        var rows = indices.Select(i => _rows[i]).ToList();
        var length = rows.Max(r => r.Tokens.Length);
        var padded = rows.Select(r => r.Tokens.Concat(Enumerable.Repeat(_padId, length - r.Tokens.Length)).ToArray()).ToList();
        // The target of input position t is token t + 1, so its mask value is that of token t + 1.
        var masks = rows.Select(r => r.Mask.Skip(1).Concat(Enumerable.Repeat(0f, length - r.Mask.Length)).ToArray()).ToList();
        return TokenBatch.FromRows(padded, masks).To(_model.Device);
    }
}
