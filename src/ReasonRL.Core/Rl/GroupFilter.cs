namespace ReasonRL.Core.Rl;

/// <summary>
/// DAPO's dynamic sampling (arXiv 2503.14476, §3.2): a group whose completions all got the same reward has zero
/// advantage everywhere and contributes no gradient, only noise in the loss normalisation; such groups are dropped
/// and more prompts are sampled to refill the batch.
/// </summary>
public static class GroupFilter
{
    /// <summary>True for each group whose rewards are not all equal (within <paramref name="tolerance"/>).</summary>
    public static bool[] Informative(ReadOnlySpan<double> rewards, int groupSize, double tolerance = 1e-9)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groupSize);
        var keep = new bool[rewards.Length / groupSize];
        for (var g = 0; g < keep.Length; g++)
        {
            var group = rewards.Slice(g * groupSize, groupSize);
            var min = double.PositiveInfinity;
            var max = double.NegativeInfinity;
            foreach (var r in group)
            {
                min = Math.Min(min, r);
                max = Math.Max(max, r);
            }

            keep[g] = max - min > tolerance;
        }

        return keep;
    }
}
