using System.Text;
using Microsoft.ML.Tokenizers;

namespace ReasonRL.Model.Tokenization;

/// <summary>Unicode NFC normalisation, the <c>NFC</c> normalizer of Hugging Face tokenizers (Qwen's use it).</summary>
internal sealed class NfcNormalizer : Normalizer
{
    public static NfcNormalizer Instance { get; } = new();

    public override string Normalize(string original) => original.Normalize(NormalizationForm.FormC);

    public override string Normalize(ReadOnlySpan<char> original) => original.ToString().Normalize(NormalizationForm.FormC);
}
