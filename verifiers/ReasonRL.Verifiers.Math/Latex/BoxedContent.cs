using System.Text.RegularExpressions;

namespace ReasonRL.Verifiers.Math.Latex;

/// <summary>Which <c>\boxed{…}</c> contents to keep.</summary>
internal enum BoxedMode
{
    /// <summary>Every box of the text, joined by commas.</summary>
    All,

    /// <summary>The last box, plus the boxes just before it that a short separator ("and", ",", ...) joins to it.</summary>
    Last,
}

/// <summary>
/// Reads the contents of <c>\boxed{…}</c> and <c>\fbox{…}</c>, braces balanced, scanning from the right as
/// Math-Verify's normalisation does: "\boxed{1} and \boxed{2}" answers {1, 2}, "\boxed{1} no no no \boxed{2}" answers 2.
/// </summary>
internal static partial class BoxedContent
{
    /// <summary>Returns the text unchanged when it has no box.</summary>
    public static string Extract(string text, BoxedMode mode)
    {
        var results = new List<string>();
        var searchEnd = text.Length;
        var limit = text.Length;
        var previousStart = -1;
        while (true)
        {
            var boxed = searchEnd <= 0 ? -1 : text.LastIndexOf("\\boxed", searchEnd - 1, StringComparison.Ordinal);
            var fbox = searchEnd <= 0 ? -1 : text.LastIndexOf("\\fbox", searchEnd - 1, StringComparison.Ordinal);
            if (boxed < 0 && fbox < 0)
            {
                break;
            }

            var start = System.Math.Max(boxed, fbox);
            var brace = start + (boxed > fbox ? "\\boxed".Length : "\\fbox".Length);
            while (brace < limit && char.IsWhiteSpace(text[brace]))
            {
                brace++;
            }

            if (brace >= limit)
            {
                break;
            }

            if (text[brace] != '{' || ClosingBrace(text, brace, limit) is not { } close)
            {
                // An unclosed box is kept only when it is the last one.
                if (results.Count == 0)
                {
                    results.Add(text[brace..limit]);
                }

                break;
            }

            var content = text[(brace + 1)..close].Trim();
            if (mode == BoxedMode.Last && previousStart >= 0 && !JoinsPrevious(text[(close + 1)..previousStart], content, results[^1]))
            {
                break;
            }

            if (results.Count == 0 || results[^1] != content)
            {
                results.Add(content);
            }

            previousStart = start;
            limit = start;
            searchEnd = start;
        }

        if (results.Count == 0)
        {
            return text;
        }

        results.Reverse();
        return string.Join(",", results);
    }

    /// <summary>Position of the brace closing the one at <paramref name="open"/>, before <paramref name="limit"/>.</summary>
    public static int? ClosingBrace(string text, int open, int limit)
    {
        var depth = 0;
        for (var i = open; i < limit; i++)
        {
            if (text[i] == '{')
            {
                depth++;
            }
            else if (text[i] == '}' && --depth == 0)
            {
                return i;
            }
        }

        return null;
    }

    private static bool JoinsPrevious(string between, string content, string later) =>
        between.Length < 10 || (content != later && between.Length < 70 && Separator().IsMatch(between));

    [GeneratedRegex(@"\b(?:and|or)\b|,|;")]
    private static partial Regex Separator();
}
