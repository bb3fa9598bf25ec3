using ReasonRL.Model.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace ReasonRL.Model.Sampling;

/// <summary>
/// Prompts of different lengths as one left-padded batch: every row's last prompt token sits in the last column, so
/// all rows decode in step and share one KV-cache layout. Each token keeps its own position (padding does not count)
/// and attention masks hide the padding.
/// </summary>
internal static class PromptBatch
{
    /// <summary>(B, P) int64 left-padded tokens, (B, P) bool validity (on <paramref name="device"/>), and whether any row is padded.</summary>
    public static (Tensor Tokens, Tensor Valid, bool Padded) Create(IReadOnlyList<IReadOnlyList<int>> prompts, int padId, Device? device = null)
    {
        var width = prompts.Max(p => p.Count);
        var tokens = new long[prompts.Count * width];
        var valid = new bool[prompts.Count * width];
        for (var row = 0; row < prompts.Count; row++)
        {
            var offset = width - prompts[row].Count;
            for (var column = 0; column < width; column++)
            {
                var index = (row * width) + column;
                valid[index] = column >= offset;
                tokens[index] = column >= offset ? prompts[row][column - offset] : padId;
            }
        }

        return (
            tensor(tokens, [prompts.Count, width], dtype: ScalarType.Int64, device: device),
            tensor(valid, [prompts.Count, width], device: device),
            prompts.Any(p => p.Count != width));
    }

    /// <summary>
    /// (B, T) positions from validity: padding takes position 0 and real tokens count from 0, up to
    /// <paramref name="lastPosition"/> (rows that already stopped may run past it; their outputs are ignored).
    /// </summary>
    public static Tensor Positions(Tensor valid, long lastPosition)
    {
        var counts = valid.to_type(ScalarType.Int64).cumsum(1);
        using var zero = 0.ToScalar();          // scalars alive through their kernels (HeldScalars)
        using var last = lastPosition.ToScalar();
        return counts.sub_(HeldScalars.One).clamp_(zero, last); // in place: returns the same tensor
    }

    /// <summary>
    /// Boolean (B, 1, T, T): query q may attend key k when k ≤ q and k is a real token. A padding query attends to
    /// itself so that its softmax has something to normalise (its output is never used).
    /// </summary>
    public static Tensor CausalPaddingMask(Tensor valid)
    {
        using var scope = NewDisposeScope();
        var length = valid.shape[1];
        var causal = ones(length, length, dtype: ScalarType.Bool, device: valid.device).tril();            // (T, T)
        var allowed = causal.unsqueeze(0).logical_and(valid.unsqueeze(1));          // (B, T, T)
        var diagonal = eye(length, dtype: ScalarType.Bool, device: valid.device).unsqueeze(0);            // (1, T, T)
        return allowed.logical_or(diagonal).unsqueeze(1).MoveToOuterDisposeScope(); // (B, 1, T, T)
    }
}
