using ReasonRL.Core.Records;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Sampling;

namespace ReasonRL.Training.Rollout;

/// <summary>
/// One work unit of a step's rollouts: whole groups (a problem, its prompt tokens and one seed per completion), to be
/// sampled from the policy of <see cref="PolicyVersion"/> and verified. Its result is a pure function of these fields,
/// the policy's weights of that version and the sampling options, so any worker may compute it, a lost unit is simply
/// computed again, and where a unit ran never changes a metric.
/// </summary>
/// <param name="Index">Its place in the round: results are put back together in this order.</param>
/// <param name="PolicyVersion">The number of optimizer steps the sampling policy has taken (a resumed run counts on).</param>
/// <param name="Seeds">Per group, one seed per completion: a pure function of (run seed, step, slot, sample).</param>
public sealed record RolloutUnit(int Step, int Round, int Index, int PolicyVersion, IReadOnlyList<Problem> Problems, IReadOnlyList<int[]> PromptIds, IReadOnlyList<ulong[]> Seeds)
{
    /// <summary>One sampler request per completion, group by group.</summary>
    public IReadOnlyList<SampleRequest> Requests() =>
        [.. PromptIds.SelectMany((prompt, g) => Seeds[g].Select(seed => new SampleRequest(prompt, seed)))];

    public int Completions => Seeds.Sum(s => s.Length);

    /// <summary>
    /// Groups 0..n−1 split into <paramref name="partitions"/> contiguous units, as even as can be (the first units take
    /// one group more); never more units than groups.
    /// </summary>
    public static IReadOnlyList<(int Start, int Count)> Split(int groups, int partitions)
    {
        var units = Math.Min(groups, partitions);
        var (size, extra) = (groups / units, groups % units);
        var ranges = new (int, int)[units];
        for (int u = 0, start = 0; u < units; u++)
        {
            var count = size + (u < extra ? 1 : 0);
            ranges[u] = (start, count);
            start += count;
        }

        return ranges;
    }
}

/// <summary>What a worker made of a <see cref="RolloutUnit"/>: its completions and their verdicts, group by group.</summary>
/// <param name="SamplingSeconds">Seconds the worker spent sampling the unit.</param>
/// <param name="VerifyingSeconds">Seconds the worker spent verifying it.</param>
public sealed record RolloutUnitResult(int Index, IReadOnlyList<SampledCompletion> Completions, IReadOnlyList<ComposedVerdict> Verdicts, double SamplingSeconds, double VerifyingSeconds);
