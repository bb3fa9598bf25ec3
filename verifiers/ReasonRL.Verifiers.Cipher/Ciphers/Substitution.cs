namespace ReasonRL.Verifiers.Cipher.Ciphers;

/// <summary>A monoalphabetic substitution: <c>key[p]</c> is the cipher letter of plaintext letter p (key = a permutation of a..z).</summary>
public static class Substitution
{
    public static string Encode(string plaintext, string key) => Letters.Map(plaintext, (c, _) => key[c - 'a']);

    public static string Decode(string ciphertext, string key) => Letters.Map(ciphertext, (c, _) => (char)('a' + key.IndexOf(c, StringComparison.Ordinal)));
}
