namespace ReasonRL.Verifiers.Cipher.Ciphers;

/// <summary>The Vigenère cipher on lowercase letters: the i-th letter is shifted by the (i mod |key|)-th key letter (a = 0); spaces do not use up key letters.</summary>
public static class Vigenere
{
    public static string Encode(string plaintext, string key) => Letters.Map(plaintext, (c, i) => Letters.Shift(c, key[i % key.Length] - 'a'));

    public static string Decode(string ciphertext, string key) => Letters.Map(ciphertext, (c, i) => Letters.Shift(c, -(key[i % key.Length] - 'a')));
}
