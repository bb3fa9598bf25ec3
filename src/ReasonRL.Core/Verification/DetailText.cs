namespace ReasonRL.Core.Verification;

/// <summary>Short quotations of completion text for verdict details, which must stay one short line.</summary>
public static class DetailText
{
    public const int MaxQuoted = 40;

    /// <summary>The text in quotes, cut to <see cref="MaxQuoted"/> characters, with line breaks shown as \n.</summary>
    public static string Quote(string text) => "'" + Cut(text) + "'";

    /// <summary>The text cut to <see cref="MaxQuoted"/> characters, with line breaks shown as \n.</summary>
    public static string Cut(string text)
    {
        var cut = text.Length <= MaxQuoted ? text : text[..(MaxQuoted - 3)] + "...";
        return cut.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }
}
