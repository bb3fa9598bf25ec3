namespace ReasonRL.Verifiers.Code.Values;

/// <summary>
/// Shortens text for a verdict's detail without cutting a UTF-16 surrogate pair in half: half a pair is no text,
/// and every writer of verdicts (JSON Lines, TensorBoard, the report) would have to mend or refuse it.
/// </summary>
public static class TextCut
{
    /// <summary><paramref name="text"/> itself, or its first characters and "..." in at most <paramref name="maxChars"/> characters.</summary>
    public static string Shorten(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            return text;
        }

        var keep = Math.Max(0, maxChars - 3);
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return text[..keep] + "...";
    }
}
