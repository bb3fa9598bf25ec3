namespace ReasonRL.Verifiers.Cipher;

/// <summary>How cipher answers are compared: ignoring case and runs of whitespace.</summary>
public static class CipherAnswer
{
    /// <summary>Lowercase (invariant), trimmed, every run of whitespace made one space.</summary>
    public static string Normalize(string text) =>
        string.Join(' ', text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>
    /// The share of correct characters of two normalized texts: position-by-position matches divided by the longer
    /// length, so a missing, extra or wrong character each costs one position (1 for equal texts, 0 if both empty
    /// is impossible because plaintexts are never empty).
    /// </summary>
    public static double CharacterAccuracy(string answer, string plaintext)
    {
        var longest = Math.Max(answer.Length, plaintext.Length);
        if (longest == 0)
        {
            return 1.0;
        }

        var matches = 0;
        for (var i = 0; i < Math.Min(answer.Length, plaintext.Length); i++)
        {
            matches += answer[i] == plaintext[i] ? 1 : 0;
        }

        return (double)matches / longest;
    }
}
