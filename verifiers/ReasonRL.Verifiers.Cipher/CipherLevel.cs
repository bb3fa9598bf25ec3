using ReasonRL.Verifiers.Cipher.Ciphers;

namespace ReasonRL.Verifiers.Cipher;

/// <summary>
/// What a difficulty level of the <c>cipher</c> family means. The plaintext is 1 to <see cref="MaxWords"/> common
/// English words. When the prompt does not state the key, it shows a worked example pair (a ciphertext and its
/// plaintext) from which the key or the rule can be read off — the problem is solvable from the prompt alone.
/// <code>
/// level  cipher        the prompt gives                                words
///   1    caesar        the shift                                        1–2
///   2    caesar        an example word and its plaintext                1–2
///   3    vigenere      the key (3 letters)                              1–3
///   4    substitution  an example covering every letter of the answer   1–3
///   5    pair average  an example word and its plaintext (o1's cipher)  1–3
/// </code>
/// </summary>
public sealed record CipherLevel(int Level, CipherKind Cipher, bool KeyStated, int MaxWords)
{
    public static IReadOnlyList<CipherLevel> Table { get; } =
    [
        new(1, CipherKind.Caesar, true, 2),
        new(2, CipherKind.Caesar, false, 2),
        new(3, CipherKind.Vigenere, true, 3),
        new(4, CipherKind.Substitution, false, 3),
        new(5, CipherKind.PairAverage, false, 3),
    ];

    public static CipherLevel Of(int level) => Table[level - 1];
}
