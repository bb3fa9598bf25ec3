namespace ReasonRL.Verifiers.Cipher.Ciphers;

/// <summary>The ciphers of the <c>cipher</c> family (snake_case in references: <c>pair_average</c>).</summary>
public enum CipherKind
{
    /// <summary>Each letter shifted by a fixed amount.</summary>
    Caesar,

    /// <summary>Each letter shifted by the next letter of a repeating key.</summary>
    Vigenere,

    /// <summary>Each letter replaced through a fixed permutation of the alphabet.</summary>
    Substitution,

    /// <summary>
    /// o1's cipher (OpenAI, "Learning to Reason with LLMs", 2024): each letter becomes two letters whose alphabet
    /// positions average to it ("oy" → (15+25)/2 = 20 → "t").
    /// </summary>
    PairAverage,
}
