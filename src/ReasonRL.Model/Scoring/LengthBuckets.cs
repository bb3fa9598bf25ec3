namespace ReasonRL.Model.Scoring;

/// <summary>
/// Splits a batch of right-padded rows into buckets of similar length, so that a forward pass per bucket, each cut to
/// its own longest row, computes far fewer padding positions than one pass over the whole batch. A rollout batch's
/// completions run from a few tokens to the length limit: in a GRPO minibatch the longest row sets the width, and about
/// a third of the positions a single pass computes are padding.
/// </summary>
/// <remarks>
/// The plan minimises Σ_buckets (rows · longest length + <c>overheadTokens</c>) over every split of the rows sorted by
/// length into consecutive runs (dynamic programming over the sorted lengths, O(n²)); the overhead is what one more
/// forward costs beyond its tokens (kernel launches, smaller matrix products), in padded positions. Causal attention
/// over right-padded rows never reads past a row's own length, so a row's scores do not depend on its bucket (beyond
/// float rounding of the matrix products, whose blocking depends on the number of rows).
/// </remarks>
public static class LengthBuckets
{
    /// <summary>
    /// The buckets of <paramref name="lengths"/>: row indices, shortest bucket first, each bucket in ascending order of
    /// (length, index). Rows of length 0 (nothing to compute) are in no bucket. Deterministic: equal lengths keep index order.
    /// </summary>
    /// <param name="lengths">Positions each row needs, ≥ 0.</param>
    /// <param name="overheadTokens">The cost of one more bucket in padded positions, ≥ 0.</param>
    public static int[][] Plan(IReadOnlyList<int> lengths, int overheadTokens)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(overheadTokens);
        if (lengths.Any(l => l < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(lengths), "lengths must be non-negative");
        }

        var order = Enumerable.Range(0, lengths.Count).Where(i => lengths[i] > 0).OrderBy(i => lengths[i]).ThenBy(i => i).ToArray();
        var n = order.Length;
        if (n == 0)
        {
            return [];
        }

        // best[j]: the least cost of the first j sorted rows; start[j]: where the last bucket of that split begins.
        var best = new long[n + 1];
        var start = new int[n + 1];
        for (var j = 1; j <= n; j++)
        {
            best[j] = long.MaxValue;
            long widest = lengths[order[j - 1]];
            for (var i = 1; i <= j; i++)
            {
                var cost = best[i - 1] + ((j - i + 1) * widest) + overheadTokens;
                if (cost < best[j])
                {
                    best[j] = cost;
                    start[j] = i;
                }
            }
        }

        var buckets = new List<int[]>();
        for (var j = n; j > 0; j = start[j] - 1)
        {
            buckets.Add(order[(start[j] - 1)..j]);
        }

        buckets.Reverse();
        return [.. buckets];
    }

    /// <summary>The positions Σ rows · longest length the <paramref name="buckets"/> compute.</summary>
    public static long PaddedPositions(IReadOnlyList<int> lengths, IEnumerable<int[]> buckets) =>
        buckets.Sum(b => (long)b.Length * b.Max(i => lengths[i]));
}
