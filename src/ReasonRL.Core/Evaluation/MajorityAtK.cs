using ReasonRL.Core.Randomness;

namespace ReasonRL.Core.Evaluation;

/// <summary>
/// maj@k as a function of k (self-consistency, Wang et al. 2022, arXiv 2203.11171, Fig. 2): the expected accuracy of
/// the majority answer of k samples drawn uniformly without replacement from a problem's n. Samples without an answer
/// do not vote; a tie between the most frequent answers is broken uniformly at random, so a subset with a correct and
/// a wrong answer tied counts ½.
/// </summary>
/// <remarks>
/// Exact (every subset) when C(n, k) is at most <c>draws</c>, otherwise the mean over <c>draws</c> subsets drawn with a
/// seeded generator: the same inputs and seed give the same value. A tie is resolved in expectation rather than by
/// another draw, which keeps the estimate's variance down.
/// </remarks>
public static class MajorityAtK
{
    public static double Expected(IReadOnlyList<string?> answers, IReadOnlyList<bool> correct, int k, int draws, ulong seed)
    {
        var n = answers.Count;
        if (correct.Count != n)
        {
            throw new ArgumentException("expected one verdict per answer", nameof(correct));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        ArgumentOutOfRangeException.ThrowIfLessThan(draws, 1);
        if (Subsets(n, k) <= draws)
        {
            var total = 0.0;
            var count = 0;
            foreach (var subset in AllSubsets(n, k))
            {
                total += Accuracy(subset, answers, correct);
                count++;
            }

            return total / count;
        }

        var random = new DeterministicRandom(seed);
        var indices = Enumerable.Range(0, n).ToArray();
        var sum = 0.0;
        for (var d = 0; d < draws; d++)
        {
            // A partial Fisher–Yates shuffle: its first k entries are a uniform k-subset.
            for (var i = 0; i < k; i++)
            {
                var j = i + random.NextInt(n - i);
                (indices[i], indices[j]) = (indices[j], indices[i]);
            }

            sum += Accuracy(indices.AsSpan(0, k).ToArray(), answers, correct);
        }

        return sum / draws;
    }

    /// <summary>The probability that the subset's majority answer is correct: the correct share of its tied winners.</summary>
    internal static double Accuracy(IReadOnlyList<int> subset, IReadOnlyList<string?> answers, IReadOnlyList<bool> correct)
    {
        var votes = new Dictionary<string, (int Count, bool Correct)>(StringComparer.Ordinal);
        foreach (var i in subset)
        {
            if (answers[i] is { } answer)
            {
                votes[answer] = votes.TryGetValue(answer, out var v) ? (v.Count + 1, v.Correct) : (1, correct[i]);
            }
        }

        if (votes.Count == 0)
        {
            return 0.0;
        }

        var best = votes.Values.Max(v => v.Count);
        var winners = votes.Values.Where(v => v.Count == best).ToList();
        return (double)winners.Count(v => v.Correct) / winners.Count;
    }

    /// <summary>C(n, k), saturating at <see cref="long.MaxValue"/>.</summary>
    internal static long Subsets(int n, int k)
    {
        k = Math.Min(k, n - k);
        long value = 1;
        for (var i = 1; i <= k; i++)
        {
            var next = (Int128)value * (n - k + i) / i;
            if (next > long.MaxValue)
            {
                return long.MaxValue;
            }

            value = (long)next;
        }

        return value;
    }

    /// <summary>Every k-subset of 0..n−1 in lexicographic order.</summary>
    internal static IEnumerable<int[]> AllSubsets(int n, int k)
    {
        var subset = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return (int[])subset.Clone();
            var i = k - 1;
            while (i >= 0 && subset[i] == n - k + i)
            {
                i--;
            }

            if (i < 0)
            {
                yield break;
            }

            subset[i]++;
            for (var j = i + 1; j < k; j++)
            {
                subset[j] = subset[j - 1] + 1;
            }
        }
    }
}
