namespace ReasonRL.Core.Distillation;

/// <summary>One verified teacher completion of a prompt: its sample index, text, reward and whether it is correct.</summary>
public sealed record Candidate(int Sample, string Text, double Reward, bool Correct);

/// <summary>The completions a rule kept for one prompt (in sample order) and how many correct duplicates it dropped.</summary>
public sealed record Selection(IReadOnlyList<Candidate> Kept, int DuplicatesRemoved);

/// <summary>
/// Applies a <see cref="KeepRule"/> to one prompt's candidates: a pure function, so the dataset a teacher's samples
/// give is decided by the samples alone. Two completions are duplicates when they are equal after
/// <see cref="NormalizeWhitespace"/>; the earlier sample is the one kept.
/// </summary>
public static class CompletionSelection
{
    public static Selection Select(IReadOnlyList<Candidate> candidates, KeepRule rule)
    {
        var ordered = candidates.OrderBy(c => c.Sample).ToList();
        switch (rule)
        {
            case KeepRule.AllCorrect:
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var kept = new List<Candidate>();
                var duplicates = 0;
                foreach (var candidate in ordered.Where(c => c.Correct))
                {
                    if (seen.Add(NormalizeWhitespace(candidate.Text)))
                    {
                        kept.Add(candidate);
                    }
                    else
                    {
                        duplicates++;
                    }
                }

                return new Selection(kept, duplicates);
            }

            case KeepRule.FirstCorrect:
                return new Selection(ordered.Where(c => c.Correct).Take(1).ToList(), 0);

            case KeepRule.BestOfN:
            {
                var best = ordered
                    .OrderByDescending(c => c.Reward)
                    .ThenBy(c => c.Text.Length)
                    .ThenBy(c => c.Sample)
                    .FirstOrDefault();
                return new Selection(best is { Correct: true } ? [best] : [], 0);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(rule), rule, null);
        }
    }

    /// <summary>The text with leading and trailing whitespace removed and every inner run of whitespace made one space.</summary>
    public static string NormalizeWhitespace(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
