namespace ReasonRL.Model.Tokenization.HuggingFace;

/// <summary>An entry of <c>added_tokens</c> with the matching options Hugging Face's <c>AddedToken</c> has.</summary>
internal sealed record AddedTokenSpec(int Id, string Content, bool Special, bool SingleWord, bool LeftStrip, bool RightStrip, bool Normalized);

/// <summary>A stretch of input: an added token (<see cref="TokenId"/>) or text still to be normalized and encoded.</summary>
internal readonly record struct Segment(string Text, int Start, int? TokenId);

/// <summary>
/// Finds added tokens in text before anything else runs, as Hugging Face's <c>AddedVocabulary</c> does: leftmost
/// first, the longest token at a position, <c>single_word</c> tokens only between non-word characters, and
/// <c>lstrip</c>/<c>rstrip</c> tokens taking the white space beside them. Tokens with <c>normalized: false</c> (all
/// special tokens) are matched in the raw text, the others in the normalized text.
/// </summary>
internal sealed class AddedVocabulary
{
    private readonly Dictionary<char, AddedTokenSpec[]> _raw;
    private readonly Dictionary<char, AddedTokenSpec[]> _normalized;

    public AddedVocabulary(IReadOnlyList<AddedTokenSpec> tokens)
    {
        Tokens = tokens;
        _raw = Index(tokens.Where(t => !t.Normalized));
        _normalized = Index(tokens.Where(t => t.Normalized));
    }

    public IReadOnlyList<AddedTokenSpec> Tokens { get; }

    /// <summary>Splits raw text at tokens matched before normalization.</summary>
    public List<Segment> SplitRaw(string text) => Split(text, 0, _raw);

    /// <summary>Splits a normalized stretch at tokens matched after normalization.</summary>
    public List<Segment> SplitNormalized(string text, int start) => Split(text, start, _normalized);

    private static Dictionary<char, AddedTokenSpec[]> Index(IEnumerable<AddedTokenSpec> tokens) =>
        tokens.Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());

    private static List<Segment> Split(string text, int offset, Dictionary<char, AddedTokenSpec[]> index)
    {
        var segments = new List<Segment>();
        if (index.Count == 0)
        {
            segments.Add(new Segment(text, offset, null));
            return segments;
        }

        var textStart = 0;     // start of the text not yet emitted
        var previousEnd = 0;   // end of the last match kept (lstrip never reaches before it)
        for (var i = 0; i < text.Length;)
        {
            var token = LongestAt(text, i, index);
            if (token is null)
            {
                i++;
                continue;
            }

            var start = i;
            var end = i + token.Content.Length;
            i = end;
            if (token.SingleWord && (EndsWithWord(text, start) || StartsWithWord(text, end)))
            {
                continue;
            }

            if (token.LeftStrip)
            {
                while (start > previousEnd && char.IsWhiteSpace(text[start - 1]))
                {
                    start--;
                }
            }

            if (token.RightStrip)
            {
                while (end < text.Length && char.IsWhiteSpace(text[end]))
                {
                    end++;
                }

                i = end;
            }

            if (start > textStart)
            {
                segments.Add(new Segment(text[textStart..start], offset + textStart, null));
            }

            segments.Add(new Segment(text[start..end], offset + start, token.Id));
            textStart = end;
            previousEnd = end;
        }

        if (textStart < text.Length)
        {
            segments.Add(new Segment(text[textStart..], offset + textStart, null));
        }

        return segments;
    }

    private static AddedTokenSpec? LongestAt(string text, int at, Dictionary<char, AddedTokenSpec[]> index)
    {
        if (!index.TryGetValue(text[at], out var candidates))
        {
            return null;
        }

        foreach (var candidate in candidates)
        {
            if (string.CompareOrdinal(text, at, candidate.Content, 0, candidate.Content.Length) == 0 && at + candidate.Content.Length <= text.Length)
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool EndsWithWord(string text, int end) => end > 0 && IsWordCharacter(text, end - 1);

    private static bool StartsWithWord(string text, int start) => start < text.Length && IsWordCharacter(text, start);

    private static bool IsWordCharacter(string text, int index) => char.IsLetterOrDigit(text, index) || text[index] == '_';
}
