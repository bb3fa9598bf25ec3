using ReasonRL.Model.Transformer;
using static TorchSharp.torch;

namespace ReasonRL.Training.Supervised;

/// <summary>
/// One step of next-token training: <see cref="Inputs"/> (B, T) predict <see cref="Targets"/> (B, T), the same rows
/// shifted by one token; <see cref="LossMask"/> (B, T) float is 1 where a target is trained on (all tokens in
/// pretraining, completion tokens only in SFT) and 0 elsewhere (padding, prompts). A row packed with several
/// documents carries <see cref="Positions"/> (B, T) int64, counted from each document's start, and
/// <see cref="AttentionMask"/> (B, 1, T, T) bool, causal within a document and closed across documents, so every
/// document is trained on exactly as if it were alone in its row.
/// </summary>
public sealed record TokenBatch(Tensor Inputs, Tensor Targets, Tensor LossMask, Tensor? Positions = null, Tensor? AttentionMask = null)
{
    /// <summary>Tokens trained on in this batch.</summary>
    public long TrainedTokens => (long)LossMask.sum().item<float>();

    /// <summary>The model's logits (B, T, V), in float32, for the inputs: plain causal attention, or per packed document.</summary>
    public Tensor Logits(TransformerModel model) =>
        AttentionMask is null ? model.forward(Inputs).to_type(ScalarType.Float32) : model.Logits(model.Hidden(Inputs, Positions, AttentionMask)).to_type(ScalarType.Float32);

    /// <summary>The same batch on <paramref name="device"/> (the model's): the batch sources build it on the CPU.</summary>
    public TokenBatch To(Device device) => device.type == TorchSharp.DeviceType.CPU
        ? this
        : new(Inputs.to(device), Targets.to(device), LossMask.to(device), Positions?.to(device), AttentionMask?.to(device));

    /// <summary>Builds the tensors from rows of T + 1 token ids each and a matching 0/1 mask over the targets.</summary>
    /// <param name="documents">
    /// Per row and input token, the index of the document it belongs to (non-decreasing along the row); null when every
    /// row is one document (or documents may attend to each other, as in pretraining on a stream).
    /// </param>
    public static TokenBatch FromRows(IReadOnlyList<int[]> rows, IReadOnlyList<float[]> targetMasks, IReadOnlyList<int[]>? documents = null)
    {
        var length = rows[0].Length - 1;
        var inputs = new long[rows.Count * length];
        var targets = new long[rows.Count * length];
        var mask = new float[rows.Count * length];
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != length + 1 || targetMasks[r].Length != length || (documents is not null && documents[r].Length != length))
            {
                throw new ArgumentException("every row needs the same length, and one mask value (and document index) per target");
            }

            for (var t = 0; t < length; t++)
            {
                inputs[(r * length) + t] = rows[r][t];
                targets[(r * length) + t] = rows[r][t + 1];
                mask[(r * length) + t] = targetMasks[r][t];
            }
        }

        var batch = new TokenBatch(
            tensor(inputs).reshape(rows.Count, length),
            tensor(targets).reshape(rows.Count, length),
            tensor(mask).reshape(rows.Count, length));
        return documents is null || documents.All(d => d.Length == 0 || d[^1] == d[0]) ? batch : WithDocuments(batch, documents, length);
    }

    private static TokenBatch WithDocuments(TokenBatch batch, IReadOnlyList<int[]> documents, int length)
    {
        var positions = new long[documents.Count * length];
        for (var r = 0; r < documents.Count; r++)
        {
            var start = 0;
            for (var t = 0; t < length; t++)
            {
                start = t > 0 && documents[r][t] != documents[r][t - 1] ? t : start;
                positions[(r * length) + t] = t - start;
            }
        }

        using var scope = NewDisposeScope();
        var ids = tensor([.. documents.SelectMany(d => d)], dtype: ScalarType.Int64).reshape(documents.Count, length); // (B, T)
        var sameDocument = ids.unsqueeze(2).eq(ids.unsqueeze(1));                                                      // (B, T, T) query, key
        var causal = ones(length, length, dtype: ScalarType.Bool).tril();                                               // (T, T)
        var attentionMask = sameDocument.logical_and(causal).unsqueeze(1);                                              // (B, 1, T, T)
        return batch with
        {
            Positions = tensor(positions).reshape(documents.Count, length).MoveToOuterDisposeScope(),
            AttentionMask = attentionMask.MoveToOuterDisposeScope(),
        };
    }
}

/// <summary>Where a supervised trainer's batches come from: batch k is a pure function of k, so a resumed run continues exactly.</summary>
public interface IBatchSource
{
    /// <summary>The batch for optimizer step <paramref name="step"/> (0-based).</summary>
    TokenBatch Batch(int step);
}
