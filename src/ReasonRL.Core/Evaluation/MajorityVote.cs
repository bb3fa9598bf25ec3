namespace ReasonRL.Core.Evaluation;

/// <summary>
/// maj@k (self-consistency, Wang et al. 2022, arXiv 2203.11171): the answer given most often among k samples is
/// the problem's answer. Samples without an extracted answer (null) do not vote.
/// </summary>
/// <remarks>
/// Ties are broken deterministically in favour of the tied answer whose FIRST occurrence comes earliest among the
/// samples (sample order = input order). The vote is correct when the first sample that gave the winning answer
/// was verified correct (samples with equal canonical answers get equal verdicts from a deterministic verifier).
/// </remarks>
public static class MajorityVote
{
    /// <summary>The index of the first sample giving the winning answer, or −1 when no sample has an answer.</summary>
    public static int Winner(IReadOnlyList<string?> answers)
    {
        var votes = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            if (answers[i] is { } answer)
            {
                votes[answer] = votes.TryGetValue(answer, out var v) ? (v.Count + 1, v.First) : (1, i);
            }
        }

        var winner = -1;
        var best = 0;
        foreach (var (count, first) in votes.Values)
        {
            if (count > best || (count == best && first < winner))
            {
                (best, winner) = (count, first);
            }
        }

        return winner;
    }

    /// <summary>Whether the majority answer of these samples is correct; false when no sample has an answer.</summary>
    public static bool IsCorrect(IReadOnlyList<string?> answers, IReadOnlyList<bool> correct)
    {
        if (answers.Count != correct.Count)
        {
            throw new ArgumentException("expected one verdict per answer", nameof(correct));
        }

        var winner = Winner(answers);
        return winner >= 0 && correct[winner];
    }
}
