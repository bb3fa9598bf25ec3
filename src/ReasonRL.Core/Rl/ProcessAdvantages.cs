namespace ReasonRL.Core.Rl;

/// <summary>
/// Process-supervision advantages (DeepSeekMath, arXiv 2402.03300, §4.1.3). Step rewards of all completions of a
/// group are normalised together, r̃ = (r − mean(R)) / (std(R) + ε) over the set R of every step reward in the
/// group; the advantage of token t of completion i is the sum of the normalised rewards of the steps of i that end
/// at or after t: Â_{i,t} = Σ_{index(j) ≥ t} r̃_i^{index(j)}. Tokens after the last step get 0. With
/// <see cref="CreditAssignment.Min"/> the sum becomes a minimum (PURE, arXiv 2504.15275):
/// Â_{i,t} = min_{index(j) ≥ t} r̃_i^{index(j)}.
/// </summary>
public static class ProcessAdvantages
{
    /// <param name="steps">Per completion (grouped by prompt, as for outcome advantages): its step rewards in order of <see cref="StepReward.EndToken"/>.</param>
    /// <param name="completionLengths">Per completion: its number of tokens.</param>
    /// <param name="groupSize">G, completions per prompt.</param>
    /// <param name="credit">Whether a token gets the sum (DeepSeekMath) or the minimum (PURE) of the normalised rewards ahead of it.</param>
    /// <returns>Per completion: one advantage per token.</returns>
    public static double[][] Compute(
        IReadOnlyList<IReadOnlyList<StepReward>> steps,
        IReadOnlyList<int> completionLengths,
        int groupSize,
        double epsilon = OutcomeAdvantages.DefaultEpsilon,
        CreditAssignment credit = CreditAssignment.Sum)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groupSize);
        if (steps.Count != completionLengths.Count || steps.Count % groupSize != 0)
        {
            throw new ArgumentException($"{steps.Count} step lists and {completionLengths.Count} lengths do not form groups of {groupSize}");
        }

        var advantages = new double[steps.Count][];
        for (var start = 0; start < steps.Count; start += groupSize)
        {
            var groupRewards = new List<double>();
            for (var i = start; i < start + groupSize; i++)
            {
                groupRewards.AddRange(steps[i].Select(s => s.Reward));
            }

            var mean = Statistics.Mean(groupRewards.ToArray());
            var divisor = Statistics.StandardDeviation(groupRewards.ToArray()) + epsilon;
            for (var i = start; i < start + groupSize; i++)
            {
                advantages[i] = TokenAdvantages(steps[i], completionLengths[i], mean, divisor, credit);
            }
        }

        return advantages;
    }

    /// <summary>Suffix sums (or minima) of the normalised step rewards, spread back over the tokens each step covers.</summary>
    private static double[] TokenAdvantages(IReadOnlyList<StepReward> steps, int length, double mean, double divisor, CreditAssignment credit)
    {
        var perToken = new double[length];
        var suffix = credit == CreditAssignment.Min ? double.PositiveInfinity : 0.0;
        for (var j = steps.Count - 1; j >= 0; j--)
        {
            var end = steps[j].EndToken;
            if (end < 0 || end >= length)
            {
                throw new ArgumentException($"step ends at token {end}, outside a completion of {length} tokens");
            }

            if (j > 0 && steps[j - 1].EndToken > end)
            {
                throw new ArgumentException("step rewards must be ordered by end token");
            }

            var normalised = (steps[j].Reward - mean) / divisor;
            suffix = credit == CreditAssignment.Min ? Math.Min(suffix, normalised) : suffix + normalised;
            // Tokens in (previous step's end, this step's end] are covered by steps j..last.
            var first = j > 0 ? steps[j - 1].EndToken + 1 : 0;
            for (var t = first; t <= end; t++)
            {
                perToken[t] = suffix;
            }
        }

        return perToken;
    }
}
