using System.Text.RegularExpressions;

namespace ReasonRL.Verifiers.Math.Latex;

/// <summary>
/// Cleans an extracted LaTeX answer before parsing, the way Math-Verify's normalisation does: the content of boxes,
/// no <c>\left</c>/<c>\right</c>, <c>\dfrac</c> → <c>\frac</c>, "and"/"or" → commas, "percent" → %, trailing units
/// and <c>\text{…}</c> words dropped, and malformed operators repaired (<c>\frac12</c>, <c>\sqrt3</c>, <c>^(2)</c>).
/// </summary>
internal static partial class LatexNormalizer
{
    // Unit words dropped after a number (trailing only). Our own list of the units word problems use.
    private static readonly string[] UnitWords =
    [
        "meter", "metre", "centimeter", "kilometer", "millimeter", "inch", "inche", "foot", "feet", "ft", "yard", "mile",
        "cm", "mm", "km", "m", "sq m", "sq", "square", "cubic", "unit", "gram", "kilogram", "kg", "g", "mg", "pound",
        "lb", "ounce", "oz", "liter", "litre", "ml", "gallon", "gal", "second", "sec", "minute", "min", "hour", "hr",
        "day", "week", "month", "year", "yr", "degree", "deg", "mph", "kmh", "kmph", "dollar", "cent", "euro", "yuan",
        "rupee", "rs", "point", "student", "people", "person", "child", "children", "apple", "coin", "ticket", "page",
        "book", "way", "time", "step", "tile", "acre", "hectare", "am", "pm", "ohm", "watt", "volt", "s",
    ];

    public static string Normalize(string text, BoxedMode boxed)
    {
        text = BoxedContent.Extract(text, boxed);
        text = BasicCleanup(text);
        text = DropUnits(text);
        text = Nits(text);
        return RepairOperators(text).Trim();
    }

    private static string BasicCleanup(string text)
    {
        text = text.Replace("\\mathrm{T}", "T", StringComparison.Ordinal)
            .Replace("\\mathrm{d}", "d", StringComparison.Ordinal)
            .Replace("{\\rm d}", "d", StringComparison.Ordinal)
            .Replace("\\left[\\begin{matrix}", "\\begin{bmatrix}", StringComparison.Ordinal)
            .Replace("\\end{matrix}\\right]", "\\end{bmatrix}", StringComparison.Ordinal);
        if (!text.Contains("matrix", StringComparison.Ordinal))
        {
            text = DoubledBackslash().Replace(text, "\\");
        }

        text = LeftRight().Replace(text, "");
        text = Removed().Replace(text, "");
        text = Replacements().Replace(text, Replace);
        text = text.Replace('\n', ' ').Replace('\t', ' ');
        return text.Contains("matrix", StringComparison.Ordinal) ? text : DoubledBackslash().Replace(text, "\\");
    }

    private static string Replace(Match match)
    {
        foreach (var (group, replacement) in ReplacementTable)
        {
            if (match.Groups[group].Success)
            {
                return replacement;
            }
        }

        return match.Value;
    }

    private static readonly (string Group, string Replacement)[] ReplacementTable =
    [
        ("math", "\\text"), ("text", "\\text"), ("frac", "\\frac"), ("decimalspace", " 0."), ("decimalbrace", "{0."),
        ("approx", "\\approx"), ("comma", ","), ("andor", ","), ("andortext", ","), ("space", " "), ("infinity", "\\infty"),
        ("dots", " "), ("percentage", "\\%"), ("percenttext", "%"), ("percent", "\\%"), ("pct", "\\%"), ("inf", "\\infty"),
        ("sqrt", "\\sqrt"),
    ];

    private static string DropUnits(string text)
    {
        var withoutText = TrailingText().Replace(text, "").Trim();
        if (withoutText.Length > 0 && withoutText != text)
        {
            text = withoutText;
        }

        for (var pass = 0; pass < 2; pass++)
        {
            var withoutUnit = TrailingUnit().Replace(text, "$1");
            if (withoutUnit.Length > 0 && withoutUnit != text)
            {
                text = withoutUnit;
            }
        }

        return text;
    }

    private static string Nits(string text)
    {
        if (text.StartsWith('.'))
        {
            text = "0" + text;
        }

        return text == "0.5" ? "\\frac{1}{2}" : text;
    }

    private static string RepairOperators(string text)
    {
        text = PowerParentheses().Replace(text, "^{$1}");
        text = SqrtParentheses().Replace(text, "\\sqrt{$1}");
        text = FracDigits().Replace(text, "\\frac{$1}{$2}");
        text = FracBraceDigit().Replace(text, "\\frac{$1}{$2}");
        text = FracDigitBrace().Replace(text, "\\frac{$1}{$2}");
        text = SqrtDigit().Replace(text, "\\sqrt{$1}");
        text = text.Replace(" sqrt", "\\sqrt", StringComparison.Ordinal);
        text = SqrtSingle().Replace(text, "\\sqrt{$1}");
        text = FracSingle().Replace(text, "\\frac{$1}{$2}");
        var slash = IntegerSlash().Match(text);
        return slash.Success ? $"\\frac{{{slash.Groups[1].Value}}}{{{slash.Groups[2].Value}}}" : text;
    }

    [GeneratedRegex(@"\\m?(?:left|right)(?=[\\{}|\[\]().]|\\\{|\\\})(?:\.)?")]
    private static partial Regex LeftRight();

    [GeneratedRegex(@"\\mathrm\{th\}|\\!\s*|\\text\s*\{\s*\}|\\\$|\$|(?<!\\)[""']|\\displaystyle")]
    private static partial Regex Removed();

    [GeneratedRegex(
        @"(?<math>\\math(?:rm|it|bf))|(?<text>\\text(?:normal|bf|it|rm))|(?<frac>\\[dtc]frac)|(?<decimalspace>\s\.(?=\d))|(?<decimalbrace>\{\.(?=\d))" +
        @"|(?<approx>~=)|(?<comma>\s*\{\s*,\s*\})|(?<andortext>,?\s*\\text\{\s*(?:and|or)\s*\})|(?<andor>(?<![a-zA-Z]),?\s*(?:and|or)(?![a-zA-Z]))" +
        @"|(?<space>(?<!\\)\\\s)|(?<infinity>infinity)|(?<dots>,?\\ldots)|(?<percentage>\s*\bpercentage\b)|(?<percenttext>\\text\{(?:percent|percentage|pct)\})" +
        @"|(?<percent>\s*\bpercent\b)|(?<pct>\s*\bpct\b)|(?<inf>(?<!\\)inf(?!inity))|(?<sqrt>\ssqrt)")]
    private static partial Regex Replacements();

    [GeneratedRegex(@"\\\\(?=[a-zA-Z])")]
    private static partial Regex DoubledBackslash();

    [GeneratedRegex(@"(\\(?:text|mbox)\{[^{}]*\})(\^\d|\^\{\d\})?$")]
    private static partial Regex TrailingText();

    private static Regex TrailingUnit() => TrailingUnitRegex.Value;

    private static readonly Lazy<Regex> TrailingUnitRegex = new(() => new Regex(
        @"(\d|\}|\s)\s*(?:" + string.Join("|", UnitWords.OrderByDescending(w => w.Length).Select(Regex.Escape)) + @")(?:s|es)?\s*$",
        RegexOptions.CultureInvariant,
        TimeSpan.FromSeconds(1)));

    [GeneratedRegex(@"\^\s?\((.*?)\)")]
    private static partial Regex PowerParentheses();

    [GeneratedRegex(@"(?<!\\)sqrt\s?\((.*?)\)")]
    private static partial Regex SqrtParentheses();

    [GeneratedRegex(@"\\frac\s?(\d)\s?(\d+)")]
    private static partial Regex FracDigits();

    [GeneratedRegex(@"\\frac\s?\{([^{}]*)\}\s?(\d)")]
    private static partial Regex FracBraceDigit();

    [GeneratedRegex(@"\\frac\s?(\d)\s?\{([^{}]*)\}")]
    private static partial Regex FracDigitBrace();

    [GeneratedRegex(@"\\sqrt\s?(\d)")]
    private static partial Regex SqrtDigit();

    [GeneratedRegex(@"\\sqrt\s*([^\s{\[\\])")]
    private static partial Regex SqrtSingle();

    [GeneratedRegex(@"\\frac\s*([^\s{\\])\s*([^\s{\\])")]
    private static partial Regex FracSingle();

    [GeneratedRegex(@"^(-?\d+)/(\d+)$")]
    private static partial Regex IntegerSlash();
}
