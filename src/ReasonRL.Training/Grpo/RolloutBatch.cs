using ReasonRL.Core.Records;
using ReasonRL.Model.Sampling;
using static TorchSharp.torch;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// One step's rollouts: B prompts × G completions, laid out group by group (completion i answers prompt i / G), as
/// token ids and as the tensors the scoring and update passes read.
/// </summary>
public sealed class RolloutBatch
{
    public RolloutBatch(IReadOnlyList<Problem> problems, IReadOnlyList<int[]> promptIds, IReadOnlyList<SampledCompletion> completions, int groupSize)
    {
        if (completions.Count != problems.Count * groupSize || promptIds.Count != problems.Count)
        {
            throw new ArgumentException($"{completions.Count} completions do not make {problems.Count} groups of {groupSize}");
        }

        Problems = problems;
        PromptIds = promptIds;
        Completions = completions;
        GroupSize = groupSize;
    }

    public IReadOnlyList<Problem> Problems { get; }

    /// <summary>Per prompt: bos and the templated prompt's tokens.</summary>
    public IReadOnlyList<int[]> PromptIds { get; }

    /// <summary>Per completion, grouped by prompt.</summary>
    public IReadOnlyList<SampledCompletion> Completions { get; }

    public int GroupSize { get; }

    public int Count => Completions.Count;

    public Problem ProblemOf(int completion) => Problems[completion / GroupSize];

    /// <summary>Completion tokens plus prompt tokens of every row.</summary>
    public long TotalTokens => Enumerable.Range(0, Count).Sum(i => (long)PromptIds[i / GroupSize].Length + Completions[i].TokenIds.Length);

    public long CompletionTokens => Completions.Sum(c => (long)c.TokenIds.Length);

    /// <summary>The groups <paramref name="groups"/> of several batches, in the order listed, as one batch.</summary>
    public static RolloutBatch Concat(IReadOnlyList<(RolloutBatch Batch, int Group)> groups, int groupSize) => new(
        [.. groups.Select(g => g.Batch.Problems[g.Group])],
        [.. groups.Select(g => g.Batch.PromptIds[g.Group])],
        [.. groups.SelectMany(g => Enumerable.Range(g.Group * groupSize, groupSize).Select(i => g.Batch.Completions[i]))],
        groupSize);

    /// <summary>
    /// Rows <paramref name="rows"/> as right-padded sequences (prompt then completion) and the completion mask:
    /// (R, T) int64 and (R, T) float, 1 on completion tokens whose row is trained on (<paramref name="trained"/>).
    /// </summary>
    public (Tensor Sequences, Tensor CompletionMask) Tensors(IReadOnlyList<int> rows, IReadOnlyList<bool> trained, int padId, Device? device = null)
    {
        var length = rows.Max(i => PromptIds[i / GroupSize].Length + Completions[i].TokenIds.Length);
        var tokens = new long[rows.Count * length];
        var mask = new float[rows.Count * length];
        Array.Fill(tokens, padId);
        for (var r = 0; r < rows.Count; r++)
        {
            var i = rows[r];
            var prompt = PromptIds[i / GroupSize];
            var completion = Completions[i].TokenIds;
            var offset = r * length;
            for (var t = 0; t < prompt.Length; t++)
            {
                tokens[offset + t] = prompt[t];
            }

            for (var t = 0; t < completion.Length; t++)
            {
                tokens[offset + prompt.Length + t] = completion[t];
                mask[offset + prompt.Length + t] = trained[i] ? 1f : 0f;
            }
        }

        return (tensor(tokens, device: device).reshape(rows.Count, length), tensor(mask, device: device).reshape(rows.Count, length));
    }

    /// <summary>Per-token values recorded with each completion (e.g. its log-probs), laid out like <see cref="Tensors"/>.</summary>
    public Tensor CompletionValues(IReadOnlyList<int> rows, Func<SampledCompletion, float[]> perToken, Device? device = null) =>
        CompletionValues(rows, [.. Completions.Select(perToken)], device);

    /// <summary>
    /// Per-token values of rows laid out like <see cref="Tensors"/>: completion token t of row i gets
    /// <paramref name="perToken"/>[i][t], every other position 0.
    /// </summary>
    public Tensor CompletionValues(IReadOnlyList<int> rows, IReadOnlyList<float[]> perToken, Device? device = null)
    {
        var length = rows.Max(i => PromptIds[i / GroupSize].Length + Completions[i].TokenIds.Length);
        var values = new float[rows.Count * length];
        for (var r = 0; r < rows.Count; r++)
        {
            var i = rows[r];
            var start = (r * length) + PromptIds[i / GroupSize].Length;
            perToken[i].AsSpan(0, Completions[i].TokenIds.Length).CopyTo(values.AsSpan(start));
        }

        return tensor(values, device: device).reshape(rows.Count, length);
    }
}
