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
    public static double[] Compute(ReadOnlySpan<double> rewards, int groupSize, AdvantageScale scale, double epsilon = DefaultEpsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(groupSize);
        if (rewards.Length % groupSize != 0)
        {
            throw new ArgumentException($"{rewards.Length} rewards do not split into groups of {groupSize}", nameof(rewards));
        }

        var advantages = new double[rewards.Length];
        var batchStd = Statistics.StandardDeviation(rewards);
        for (var start = 0; start < rewards.Length; start += groupSize)
        {
            var group = rewards.Slice(start, groupSize);
            var mean = Statistics.Mean(group);
            var divisor = scale switch
            {
                AdvantageScale.Group => Statistics.StandardDeviation(group) + epsilon,
                AdvantageScale.Batch => batchStd + epsilon,
                AdvantageScale.None => 1.0,
                _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, null),
            };
            for (var i = 0; i < groupSize; i++)
            {
                advantages[start + i] = (group[i] - mean) / divisor;
            }
        }

        return advantages;
    }
}
