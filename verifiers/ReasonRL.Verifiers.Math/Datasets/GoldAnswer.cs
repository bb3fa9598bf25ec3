using ReasonRL.Verifiers.Math.Latex;

namespace ReasonRL.Verifiers.Math.Datasets;

/// <summary>
/// The gold answer of a dataset's answer column, as written: after GSM8K's last "#### " marker, else the last
/// MATH-style <c>\boxed{…}</c>, else the whole (trimmed) text. When the column holds a worked solution (a marker or a
/// box), that solution is kept too, without the "#### answer" line: the raw material of SFT and pretraining documents.
/// </summary>
internal static class GoldAnswer
{
    public static (string Answer, string? Solution) FromColumn(string text)
    {
        var marker = text.LastIndexOf("####", StringComparison.Ordinal);
        if (marker >= 0)
        {
            return (text[(marker + 4)..].Trim(), text[..marker].Trim());
        }

        var box = text.LastIndexOf("\\boxed", StringComparison.Ordinal);
        if (box >= 0)
        {
            var open = text.IndexOf('{', box);
            if (open >= 0 && text[(box + "\\boxed".Length)..open].Trim().Length == 0 && BoxedContent.ClosingBrace(text, open, text.Length) is { } close)
            {
                return (text[(open + 1)..close].Trim(), text.Trim());
            }
        }

        return (text.Trim(), null);
    }
}
