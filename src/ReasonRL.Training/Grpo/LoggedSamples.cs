using ReasonRL.Core.Records;

namespace ReasonRL.Training.Grpo;

/// <summary>
/// Which completions of a step go to samples.jsonl: the first completion of each of the first
/// <c>samples_per_log</c> groups, plus, for every verdict flag raised in the step, the first completion that carries it
/// (when not already chosen), so each behaviour a flag names — special-casing, an exit attempt — can be read, not only
/// counted.
/// </summary>
public static class LoggedSamples
{
    /// <returns>Row indices into the step's batch, in increasing order.</returns>
    public static IReadOnlyList<int> Pick(IReadOnlyList<Verdict> verdicts, int groupSize, int samplesPerLog)
    {
        var groups = verdicts.Count / groupSize;
        var chosen = new SortedSet<int>(Enumerable.Range(0, Math.Min(samplesPerLog, groups)).Select(g => g * groupSize));
        var covered = new HashSet<string>(chosen.SelectMany(i => verdicts[i].Flags), StringComparer.Ordinal);
        for (var i = 0; i < verdicts.Count; i++)
        {
            foreach (var flag in verdicts[i].Flags)
            {
                if (covered.Add(flag))
                {
                    chosen.Add(i);
                }
            }
        }

        return [.. chosen];
    }
}
