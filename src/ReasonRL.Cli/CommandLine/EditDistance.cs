namespace ReasonRL.Cli.CommandLine;

/// <summary>Levenshtein distance, for "did you mean" suggestions on misspelled options and recipe keys.</summary>
internal static class EditDistance
{
    public static int Of(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>The candidate closest to <paramref name="text"/>, if it is close enough to be a likely misspelling.</summary>
    public static string? Closest(string text, IEnumerable<string> candidates) =>
        candidates
            .Select(c => (Candidate: c, Distance: Of(c, text)))
            .Where(x => x.Distance <= Math.Max(2, text.Length / 3))
            .OrderBy(x => x.Distance)
            .Select(x => x.Candidate)
            .FirstOrDefault();
}
