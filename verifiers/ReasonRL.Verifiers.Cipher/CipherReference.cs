using ReasonRL.Verifiers.Cipher.Ciphers;

namespace ReasonRL.Verifiers.Cipher;

/// <summary>
/// The <c>reference</c> of a cipher problem, e.g.
/// <c>{"cipher": "caesar", "plaintext": "hello world", "ciphertext": "khoor zruog", "key": "3"}</c>; with a worked
/// example also <c>"example_ciphertext"</c> and <c>"example_plaintext"</c>. <c>key</c> is the shift (caesar), the
/// key word (vigenere) or the 26-letter permutation (substitution), and absent for the pair-average cipher.
/// </summary>
public sealed record CipherReference(
    CipherKind Cipher,
    string Plaintext,
    string Ciphertext,
    string? Key = null,
    string? ExampleCiphertext = null,
    string? ExamplePlaintext = null);
