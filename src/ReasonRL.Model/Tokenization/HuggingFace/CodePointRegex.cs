using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ReasonRL.Model.Tokenization.HuggingFace;

/// <summary>
/// A regular expression of a <c>tokenizer.json</c> (written for Oniguruma, which Hugging Face's tokenizers use),
/// matched the way Oniguruma matches: one code point at a time.
/// </summary>
/// <remarks>
/// .NET's <see cref="Regex"/> sees UTF-16 code units, so a character outside the Basic Multilingual Plane is two
/// surrogates of category Cs: <c>\p{L}</c> would not match 𝔘 (U+1D518, a letter) and <c>\p{S}</c> would not match 😀.
/// When the text has such characters, the match runs on a shadow string with one character per code point, each
/// supplementary character replaced by a BMP character of the same Unicode category, and the matches are mapped back.
/// (The stand-ins are letters, digits or symbols from blocks no tokenizer pattern names explicitly.)
/// </remarks>
internal sealed class CodePointRegex
{
    private static readonly Dictionary<UnicodeCategory, char> StandIns = FindStandIns();

    private readonly Regex _regex;

    public CodePointRegex(string pattern)
    {
        Pattern = pattern;
        _regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(10));
    }

    public string Pattern { get; }

    /// <summary>Throws <see cref="ArgumentException"/> when .NET cannot compile the pattern.</summary>
    public static CodePointRegex Compile(string pattern) => new(pattern);

    /// <summary>The non-empty matches, left to right, as (start, length) in UTF-16 units of <paramref name="text"/>.</summary>
    public List<(int Start, int Length)> Matches(string text)
    {
        var found = new List<(int, int)>();
        if (!HasSurrogates(text))
        {
            foreach (Match match in _regex.Matches(text))
            {
                if (match.Length > 0)
                {
                    found.Add((match.Index, match.Length));
                }
            }

            return found;
        }

        // offsets[k] = UTF-16 offset of the k-th code point; offsets[^1] = text.Length.
        var shadow = new StringBuilder(text.Length);
        var offsets = new List<int>(text.Length + 1);
        for (var i = 0; i < text.Length;)
        {
            offsets.Add(i);
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                var category = CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(text[i], text[i + 1]));
                shadow.Append(StandIns.TryGetValue(category, out var standIn) ? standIn : '\uFFFD');
                i += 2;
            }
            else
            {
                shadow.Append(text[i]);
                i++;
            }
        }

        offsets.Add(text.Length);
        foreach (Match match in _regex.Matches(shadow.ToString()))
        {
            if (match.Length > 0)
            {
                var start = offsets[match.Index];
                found.Add((start, offsets[match.Index + match.Length] - start));
            }
        }

        return found;
    }

    private static bool HasSurrogates(string text)
    {
        foreach (var c in text)
        {
            if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>For each category, the first BMP character of it from U+A000 on (Yi and later blocks), else from U+0100.</summary>
    private static Dictionary<UnicodeCategory, char> FindStandIns()
    {
        var standIns = new Dictionary<UnicodeCategory, char>();
        foreach (var (from, to) in new[] { (0xA000, 0xD7FF), (0x0100, 0x2FFF) })
        {
            for (var c = from; c <= to; c++)
            {
                standIns.TryAdd(CharUnicodeInfo.GetUnicodeCategory((char)c), (char)c);
            }
        }

        standIns.Remove(UnicodeCategory.Surrogate);
        standIns.Remove(UnicodeCategory.SpaceSeparator);
        standIns.Remove(UnicodeCategory.LineSeparator);
        standIns.Remove(UnicodeCategory.ParagraphSeparator);
        return standIns;
    }
}
