using System.Numerics;
using ReasonRL.Verifiers.Arithmetic.Expressions;

namespace ReasonRL.Verifiers.Arithmetic.Numbers;

/// <summary>
/// Reads a final answer as a number, exactly by these rules and no others:
/// <list type="number">
/// <item>trim whitespace, then remove ONE trailing period ("118." is 118, "118.." is not a number);</item>
/// <item>an optional sign: '-' or the Unicode minus '−' (U+2212); no '+';</item>
/// <item>then an integer ("118"), a decimal ("118.0", "0.5"; digits on both sides of the point), or a fraction
///       p/q ("7/2", q ≠ 0, no spaces, no sign on q);</item>
/// <item>integer parts may use ',' thousands separators, only correctly grouped: "1,234,567", not "12,34" or "1234,567".</item>
/// </list>
/// Anything else — units, words, exponents, spaces inside, several numbers — is not a number.
/// </summary>
public static class AnswerNumber
{
    /// <summary>Answers longer than this are not read (no generated answer comes close); it bounds the work.</summary>
    public const int MaxLength = 1000;

    public static bool TryParse(string text, out Rational value) => TryParse(text.AsSpan(), out value);

    public static bool TryParse(ReadOnlySpan<char> text, out Rational value)
    {
        value = default;
        text = text.Trim();
        if (text.Length > MaxLength)
        {
            return false;
        }

        if (text.EndsWith('.'))
        {
            text = text[..^1];
        }

        var negative = text.Length > 0 && text[0] is '-' or '\u2212';
        if (negative)
        {
            text = text[1..];
        }

        var slash = text.IndexOf('/');
        if (slash >= 0)
        {
            if (!TryInteger(text[..slash], out var numerator) || !TryInteger(text[(slash + 1)..], out var denominator) || denominator.IsZero)
            {
                return false;
            }

            value = Rational.Of(negative ? -numerator : numerator, denominator);
            return true;
        }

        var point = text.IndexOf('.');
        Rational magnitude;
        if (point >= 0)
        {
            var fraction = text[(point + 1)..];
            if (!TryInteger(text[..point], out var whole) || fraction.Length == 0 || !IsDigits(fraction))
            {
                return false;
            }

            var scale = BigInteger.Pow(10, fraction.Length);
            magnitude = Rational.Of(whole * scale + ExpressionParser.ParseDigits(fraction), scale);
        }
        else if (TryInteger(text, out var integer))
        {
            magnitude = Rational.FromInteger(integer);
        }
        else
        {
            return false;
        }

        value = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>Digits, or digits grouped by ',' in threes after a first group of one to three digits.</summary>
    private static bool TryInteger(ReadOnlySpan<char> text, out BigInteger value)
    {
        value = default;
        if (text.Length == 0)
        {
            return false;
        }

        if (IsDigits(text))
        {
            value = ExpressionParser.ParseDigits(text);
            return true;
        }

        var firstComma = text.IndexOf(',');
        if (firstComma is < 1 or > 3 || (text.Length - firstComma) % 4 != 0)
        {
            return false;
        }

        Span<char> digits = stackalloc char[text.Length];
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var isCommaPosition = i >= firstComma && (i - firstComma) % 4 == 0;
            if (isCommaPosition ? text[i] != ',' : !char.IsAsciiDigit(text[i]))
            {
                return false;
            }

            if (!isCommaPosition)
            {
                digits[count++] = text[i];
            }
        }

        value = ExpressionParser.ParseDigits(digits[..count]);
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> text) => text.Length > 0 && !text.ContainsAnyExceptInRange('0', '9');
}
