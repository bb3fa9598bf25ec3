namespace ReasonRL.Verifiers.Cipher.Ciphers;

/// <summary>The Caesar cipher on lowercase letters: c = p + shift (mod 26).</summary>
public static class Caesar
{
    public static string Encode(string plaintext, int shift) => Letters.Map(plaintext, (c, _) => Letters.Shift(c, shift));

    public static string Decode(string ciphertext, int shift) => Letters.Map(ciphertext, (c, _) => Letters.Shift(c, -shift));
}
