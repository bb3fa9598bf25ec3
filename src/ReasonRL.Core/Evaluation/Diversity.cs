namespace ReasonRL.Core.Evaluation;

/// <summary>
/// How varied a set of completions of one prompt is: distinct-n (Li et al. 2016, "A Diversity-Promoting Objective
/// Function for Neural Conversation Models", arXiv 1510.03055, §4.3: distinct n-grams over all n-grams of the set,
/// words being whitespace-separated) and the number of distinct final answers.
/// </summary>
public static class Diversity
{
    /// <summary>Distinct n-grams / total n-grams over the words of all <paramref name="texts"/>; null when they have no n-gram.</summary>
    public static double? DistinctN(IEnumerable<string> texts, int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        foreach (var text in texts)
        {
            var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            for (var start = 0; start + n <= words.Length; start++)
            {
                // Words hold no whitespace, so joining them with a space is unambiguous.
                distinct.Add(string.Join(' ', words, start, n));
                total++;
            }
        }

        return total == 0 ? null : (double)distinct.Count / total;
    }

    /// <summary>The number of different answers among <paramref name="answers"/>; completions without an answer (null) do not count.</summary>
    public static int DistinctAnswers(IEnumerable<string?> answers) =>
        answers.OfType<string>().Distinct(StringComparer.Ordinal).Count();
}
