using static TorchSharp.torch;

namespace ReasonRL.Training.Supervised;

/// <summary>
/// One step of next-token training: <see cref="Inputs"/> (B, T) predict <see cref="Targets"/> (B, T), the same rows
/// shifted by one token; <see cref="LossMask"/> (B, T) float is 1 where a target is trained on (all tokens in
/// pretraining, completion tokens only in SFT) and 0 elsewhere (padding, prompts).
/// </summary>
public sealed record TokenBatch(Tensor Inputs, Tensor Targets, Tensor LossMask)
{
    /// <summary>Tokens trained on in this batch.</summary>
    public long TrainedTokens => (long)LossMask.sum().item<float>();

    /// <summary>The same batch on <paramref name="device"/> (the model's): the batch sources build it on the CPU.</summary>
    public TokenBatch To(Device device) => device.type == TorchSharp.DeviceType.CPU ? this : new(Inputs.to(device), Targets.to(device), LossMask.to(device));

    /// <summary>Builds the tensors from rows of T + 1 token ids each and a matching 0/1 mask over the targets.</summary>
    public static TokenBatch FromRows(IReadOnlyList<int[]> rows, IReadOnlyList<float[]> targetMasks)
    {
        var length = rows[0].Length - 1;
        var inputs = new long[rows.Count * length];
        var targets = new long[rows.Count * length];
        var mask = new float[rows.Count * length];
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != length + 1 || targetMasks[r].Length != length)
            {
                throw new ArgumentException("every row needs the same length, and one mask value per target");
            }

            for (var t = 0; t < length; t++)
            {
                inputs[(r * length) + t] = rows[r][t];
                targets[(r * length) + t] = rows[r][t + 1];
                mask[(r * length) + t] = targetMasks[r][t];
            }
        }

        return new TokenBatch(
            tensor(inputs).reshape(rows.Count, length),
            tensor(targets).reshape(rows.Count, length),
            tensor(mask).reshape(rows.Count, length));
    }
}

/// <summary>Where a supervised trainer's batches come from: batch k is a pure function of k, so a resumed run continues exactly.</summary>
public interface IBatchSource
{
    /// <summary>The batch for optimizer step <paramref name="step"/> (0-based).</summary>
    TokenBatch Batch(int step);
}
