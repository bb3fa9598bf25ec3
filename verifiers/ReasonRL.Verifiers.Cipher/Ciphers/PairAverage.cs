using System.Text;
using ReasonRL.Core.Randomness;

namespace ReasonRL.Verifiers.Cipher.Ciphers;

/// <summary>
/// o1's pair-average cipher: with a = 1 … z = 26, plaintext letter p becomes two letters x, y with (x + y) / 2 = p,
/// so "oyfjdnisdr rtqwainr acxz mynzbhhx" decodes to "think step by step". Encoding picks each pair at random (the
/// cipher is not a function); decoding is unique.
/// </summary>
public static class PairAverage
{
    public static string Encode(string plaintext, DeterministicRandom random)
    {
        var output = new StringBuilder(plaintext.Length * 2);
        foreach (var c in plaintext)
        {
            if (!Letters.IsLetter(c))
            {
                output.Append(c);
                continue;
            }

            var sum = 2 * (c - 'a' + 1);
            var first = random.NextInt(Math.Max(1, sum - 26), Math.Min(26, sum - 1));
            output.Append((char)('a' + first - 1)).Append((char)('a' + sum - first - 1));
        }

        return output.ToString();
    }

    /// <summary>The plaintext, or null when <paramref name="ciphertext"/> is not a pair-average text (odd word length, odd pair sum).</summary>
    public static string? Decode(string ciphertext)
    {
        var output = new StringBuilder(ciphertext.Length / 2);
        for (var i = 0; i < ciphertext.Length;)
        {
            if (!Letters.IsLetter(ciphertext[i]))
            {
                output.Append(ciphertext[i++]);
                continue;
            }

            if (i + 1 >= ciphertext.Length || !Letters.IsLetter(ciphertext[i + 1]))
            {
                return null;
            }

            var sum = ciphertext[i] - 'a' + 1 + (ciphertext[i + 1] - 'a' + 1);
            if (sum % 2 != 0)
            {
                return null;
            }

            output.Append((char)('a' + sum / 2 - 1));
            i += 2;
        }

        return output.ToString();
    }

    /// <summary>A ciphertext word cut into its letter pairs: "oyfjdnisdr" → "oy fj dn is dr".</summary>
    public static string Pairs(string word) =>
        string.Join(' ', Enumerable.Range(0, word.Length / 2).Select(i => word.Substring(2 * i, 2)));
}
