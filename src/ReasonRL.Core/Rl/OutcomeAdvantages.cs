namespace ReasonRL.Core.Rl;

/// <summary>
/// Group-relative outcome advantages (DeepSeekMath, arXiv 2402.03300, §4.1.2): every token of completion i gets
/// Â_i = (r_i − mean(r_group)) / (std(r_group) + ε). Rewards are laid out group by group: completions
/// [g·G, (g+1)·G) answer prompt g.
/// </summary>
public static class OutcomeAdvantages
{
    /// <summary>TRL's ε: keeps a group of identical rewards at exactly zero advantage without dividing by zero.</summary>
    public const double DefaultEpsilon = 1e-4;

    /// <param name="rewards">One scalar reward per completion, grouped by prompt.</param>
    /// <param name="groupSize">G, completions per prompt.</param>
    /// <param name="scale">Which standard deviation divides the centred reward (see <see cref="AdvantageScale"/>).</param>
    /// <param name="valid">
    /// Optional, per completion: false for a completion whose reward is missing (its verification failed). Statistics
    /// use the valid completions only, and an invalid completion's advantage is 0.
    /// </param>
    public static double[] Compute(ReadOnlySpan<double> rewards, int groupSize, AdvantageScale scale, double epsilon = DefaultEpsilon, bool[]? valid = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groupSize);
        if (rewards.Length % groupSize != 0)
        {
            throw new ArgumentException($"{rewards.Length} rewards do not split into groups of {groupSize}", nameof(rewards));
        }

        if (valid is not null && valid.Length != rewards.Length)
        {
            throw new ArgumentException("one validity flag per reward", nameof(valid));
        }

        var all = rewards.ToArray();
        bool IsValid(int i) => valid is null || valid[i];
        var advantages = new double[all.Length];
        var batchStd = Statistics.StandardDeviation(all.Where((_, i) => IsValid(i)).ToArray());
        for (var start = 0; start < all.Length; start += groupSize)
        {
            var members = Enumerable.Range(start, groupSize).Where(IsValid).ToArray();
            var group = members.Select(i => all[i]).ToArray();
            var mean = Statistics.Mean(group);
            var divisor = scale switch
            {
                AdvantageScale.Group => Statistics.StandardDeviation(group) + epsilon,
                AdvantageScale.Batch => batchStd + epsilon,
                AdvantageScale.None => 1.0,
                _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, null),
            };
            foreach (var i in members)
            {
                advantages[i] = (all[i] - mean) / divisor;
            }
        }

        return advantages;
    }
}
