namespace ReasonRL.Verifiers.Cipher.Ciphers;

/// <summary>Letter arithmetic on 'a'..'z' (0..25); every other character passes through a cipher unchanged.</summary>
internal static class Letters
{
    public static bool IsLetter(char c) => c is >= 'a' and <= 'z';

    public static char Shift(char c, int by) => (char)('a' + ((c - 'a' + by) % 26 + 26) % 26);

    public static string Map(string text, Func<char, int, char> letter)
    {
        var output = new char[text.Length];
        var index = 0;
        for (var i = 0; i < text.Length; i++)
        {
            output[i] = IsLetter(text[i]) ? letter(text[i], index++) : text[i];
        }

        return new string(output);
    }
}
