using System.Text;

namespace ReasonRL.Model.Tokenization.HuggingFace;

/// <summary>
/// A <c>normalizer</c> of <c>tokenizer.json</c>: text → text, applied to each stretch of input between added tokens.
/// The kinds real BPE models use: Unicode forms (NFC, NFD, NFKC, NFKD), Lowercase, Prepend, Replace, Strip, and a
/// Sequence of them.
/// </summary>
internal abstract record TextNormalizer
{
    public abstract string Normalize(string text);

    public sealed record UnicodeForm(NormalizationForm Form) : TextNormalizer
    {
        public override string Normalize(string text) => UnicodeNormalization.Normalize(text, Form);
    }

    /// <summary>Lowercases by Unicode's default case mapping (Rust's <c>to_lowercase</c>).</summary>
    public sealed record Lowercase : TextNormalizer
    {
        public override string Normalize(string text) => text.ToLowerInvariant();
    }

    /// <summary>Puts <paramref name="Prefix"/> in front of any non-empty text (Llama-2's "▁").</summary>
    public sealed record Prepend(string Prefix) : TextNormalizer
    {
        public override string Normalize(string text) => text.Length == 0 ? text : Prefix + text;
    }

    public sealed record Replace(CodePointRegex Pattern, string Content) : TextNormalizer
    {
        public override string Normalize(string text)
        {
            var matches = Pattern.Matches(text);
            if (matches.Count == 0)
            {
                return text;
            }

            var builder = new StringBuilder(text.Length);
            var at = 0;
            foreach (var (start, length) in matches)
            {
                builder.Append(text, at, start - at).Append(Content);
                at = start + length;
            }

            return builder.Append(text, at, text.Length - at).ToString();
        }
    }

    /// <summary>Removes white space (Unicode White_Space) at the left and/or right end.</summary>
    public sealed record Strip(bool Left, bool Right) : TextNormalizer
    {
        public override string Normalize(string text)
        {
            var start = 0;
            var end = text.Length;
            while (Left && start < end && char.IsWhiteSpace(text[start]))
            {
                start++;
            }

            while (Right && end > start && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            return text[start..end];
        }
    }

    public sealed record Sequence(IReadOnlyList<TextNormalizer> Steps) : TextNormalizer
    {
        public override string Normalize(string text) => Steps.Aggregate(text, (current, step) => step.Normalize(current));
    }
}
