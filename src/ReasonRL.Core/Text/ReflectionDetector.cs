using System.Text.RegularExpressions;

namespace ReasonRL.Core.Text;

/// <summary>
/// Spots self-verification in completions ("Wait, …", "let me check", "recheck"): trainers log the share of
/// completions that contain one of these phrases as the reflection rate, the behaviour DeepSeek-R1-Zero's "aha
/// moment" describes (arXiv 2501.12948, §2.2.4). Matching is case-insensitive and word-bounded ("wait" matches
/// "Wait," but not "waiter"); a space inside a phrase matches any run of whitespace.
/// </summary>
public sealed class ReflectionDetector
{
    /// <summary>The phrases used when none are configured.</summary>
    public static IReadOnlyList<string> DefaultPhrases { get; } =
    [
        "wait", "let me check", "let me verify", "let me recheck", "recheck", "re-check", "double-check", "double check",
        "check again", "on second thought", "i made a mistake",
    ];

    public static ReflectionDetector Default { get; } = new(DefaultPhrases);

    private readonly Regex _pattern;

    public ReflectionDetector(IEnumerable<string> phrases)
    {
        Phrases = [.. phrases.Select(p => p.Trim()).Where(p => p.Length > 0)];
        if (Phrases.Count == 0)
        {
            throw new ArgumentException("the reflection detector needs at least one phrase", nameof(phrases));
        }

        var alternatives = Phrases.Select(p => string.Join(@"\s+", p.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape)));
        _pattern = new Regex(
            $@"(?<![\p{{L}}\p{{N}}_])(?:{string.Join('|', alternatives)})(?![\p{{L}}\p{{N}}_])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    public IReadOnlyList<string> Phrases { get; }

    /// <summary>Whether <paramref name="completion"/> contains one of the phrases.</summary>
    public bool IsReflective(string completion) => _pattern.IsMatch(completion);

    /// <summary>The share of <paramref name="completions"/> that are reflective; 0 for none.</summary>
    public double Rate(IEnumerable<string> completions)
    {
        int total = 0, reflective = 0;
        foreach (var completion in completions)
        {
            total++;
            reflective += IsReflective(completion) ? 1 : 0;
        }

        return total == 0 ? 0.0 : (double)reflective / total;
    }
}
