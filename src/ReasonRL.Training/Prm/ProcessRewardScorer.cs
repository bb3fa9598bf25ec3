using ReasonRL.Model.Transformer;
using static TorchSharp.torch;

namespace ReasonRL.Training.Prm;

/// <summary>
/// A process reward model's step probabilities σ(z) at given positions of many sequences, without grad, a
/// minibatch of rows at a time (right padding needs no mask: attention is causal).
/// </summary>
public static class ProcessRewardScorer
{
    /// <param name="sequences">Per row, its token ids (at most the context length).</param>
    /// <param name="positions">Per row, the positions to read (step-end tokens).</param>
    /// <returns>Per row, one probability per position.</returns>
    public static double[][] StepProbabilities(
        ProcessRewardModel model, IReadOnlyList<int[]> sequences, IReadOnlyList<int[]> positions, int padId, int minibatchRows = 64)
    {
        var result = new double[sequences.Count][];
        var wasTraining = model.training;
        model.eval();
        using var guard = no_grad();
        for (var start = 0; start < sequences.Count; start += minibatchRows)
        {
            using var scope = NewDisposeScope();
            var rows = Enumerable.Range(start, Math.Min(minibatchRows, sequences.Count - start)).ToList();
            var length = rows.Max(r => sequences[r].Length);
            var tokens = new long[rows.Count * length];
            Array.Fill(tokens, padId);
            for (var b = 0; b < rows.Count; b++)
            {
                for (var t = 0; t < sequences[rows[b]].Length; t++)
                {
                    tokens[(b * length) + t] = sequences[rows[b]][t];
                }
            }

            var probabilities = model.forward(tensor(tokens, device: model.Device).reshape(rows.Count, length)).to_type(ScalarType.Float32).sigmoid().cpu().data<float>().ToArray(); // (R·T)
            for (var b = 0; b < rows.Count; b++)
            {
                result[rows[b]] = [.. positions[rows[b]].Select(p => (double)probabilities[(b * length) + p])];
            }
        }

        if (wasTraining)
        {
            model.train();
        }

        return result;
    }
}
