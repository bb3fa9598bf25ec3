using Quickenshtein;

namespace ReasonRL.Cli.CommandLine;

/// <summary>
/// "Did you mean" for a misspelled verb, option, recipe key or enum value: the closest candidate by Levenshtein
/// distance (Quickenshtein), if it is close enough to be a likely misspelling. System.CommandLine has typo
/// corrections of its own, but only inside its multi-line error output; this keeps every message on one line.
/// </summary>
internal static class Suggestions
{
    public static string? Closest(string text, IEnumerable<string> candidates) =>
        candidates
            .Select(c => (Candidate: c, Distance: Levenshtein.GetDistance(c, text)))
            .Where(x => x.Distance <= Math.Max(2, text.Length / 3))
            .OrderBy(x => x.Distance)
            .Select(x => x.Candidate)
            .FirstOrDefault();
}
