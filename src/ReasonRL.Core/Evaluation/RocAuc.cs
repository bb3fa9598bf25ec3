namespace ReasonRL.Core.Evaluation;

/// <summary>
/// The area under the ROC curve of a scorer: the probability that a randomly drawn positive scores higher than a
/// randomly drawn negative, ties counting one half. Computed as the Mann–Whitney U statistic divided by
/// n₊·n₋ (Hanley and McNeil 1982, "The meaning and use of the area under a ROC curve"), with tied scores given
/// their average rank, in O(n log n).
/// </summary>
public static class RocAuc
{
    /// <returns>The AUC in [0, 1]; NaN when there are no positives or no negatives (the AUC is undefined).</returns>
    public static double Of(IReadOnlyList<double> scores, IReadOnlyList<bool> positive)
    {
        if (scores.Count != positive.Count)
        {
            throw new ArgumentException($"{scores.Count} scores but {positive.Count} labels");
        }

        var positives = positive.Count(p => p);
        var negatives = positive.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ToArray();
        var positiveRankSum = 0.0;
        for (var start = 0; start < order.Length;)
        {
            // A run of tied scores shares the average of the ranks it spans (ranks are 1-based).
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]])
            {
                end++;
            }

            var averageRank = ((start + 1) + (end + 1)) / 2.0;
            for (var k = start; k <= end; k++)
            {
                if (positive[order[k]])
                {
                    positiveRankSum += averageRank;
                }
            }

            start = end + 1;
        }

        var u = positiveRankSum - (positives * (positives + 1) / 2.0);
        return u / ((double)positives * negatives);
    }
}
