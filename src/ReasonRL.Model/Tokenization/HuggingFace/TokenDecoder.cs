using System.Text;

namespace ReasonRL.Model.Tokenization.HuggingFace;

/// <summary>
/// A <c>decoder</c> of <c>tokenizer.json</c>: token strings → token strings (Hugging Face's <c>decode_chain</c>);
/// the decoded text is the concatenation of the last step's output.
/// </summary>
internal abstract record TokenDecoder
{
    public abstract List<string> Decode(List<string> tokens);

    /// <summary>Every token's characters back to bytes (a token with a character outside the map keeps its UTF-8), one string.</summary>
    public sealed record ByteLevel : TokenDecoder
    {
        public override List<string> Decode(List<string> tokens)
        {
            var bytes = new List<byte>();
            foreach (var token in tokens)
            {
                bytes.AddRange(ByteLevelAlphabet.Decode(token) ?? Encoding.UTF8.GetBytes(token));
            }

            return [Encoding.UTF8.GetString([.. bytes])];
        }
    }

    public sealed record Replace(CodePointRegex Pattern, string Content) : TokenDecoder
    {
        private readonly TextNormalizer.Replace _replace = new(Pattern, Content);

        public override List<string> Decode(List<string> tokens) => [.. tokens.Select(_replace.Normalize)];
    }

    /// <summary>Runs of <c>&lt;0xXX&gt;</c> tokens become the text of their bytes, or one U+FFFD per byte when not valid UTF-8.</summary>
    public sealed record ByteFallback : TokenDecoder
    {
        private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        public override List<string> Decode(List<string> tokens)
        {
            var output = new List<string>();
            var pending = new List<byte>();
            foreach (var token in tokens)
            {
                if (token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
                    && byte.TryParse(token.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out var value))
                {
                    pending.Add(value);
                    continue;
                }

                Flush(pending, output);
                output.Add(token);
            }

            Flush(pending, output);
            return output;
        }

        private static void Flush(List<byte> pending, List<string> output)
        {
            if (pending.Count == 0)
            {
                return;
            }

            try
            {
                output.Add(Strict.GetString([.. pending]));
            }
            catch (DecoderFallbackException)
            {
                output.AddRange(Enumerable.Repeat("\uFFFD", pending.Count));
            }

            pending.Clear();
        }
    }

    public sealed record Fuse : TokenDecoder
    {
        public override List<string> Decode(List<string> tokens) => [string.Concat(tokens)];
    }

    /// <summary>From every token, up to <paramref name="Start"/> leading and <paramref name="Stop"/> trailing <paramref name="Content"/> characters.</summary>
    public sealed record Strip(char Content, int Start, int Stop) : TokenDecoder
    {
        public override List<string> Decode(List<string> tokens) => [.. tokens.Select(StripOne)];

        private string StripOne(string token)
        {
            var start = 0;
            while (start < Start && start < token.Length && token[start] == Content)
            {
                start++;
            }

            var end = token.Length;
            while (token.Length - end < Stop && end > start && token[end - 1] == Content)
            {
                end--;
            }

            return token[start..end];
        }
    }

    /// <summary>"▁" back to spaces; in the first token it is dropped unless the scheme never prepends one.</summary>
    public sealed record Metaspace(char Replacement, PrependScheme Scheme) : TokenDecoder
    {
        public override List<string> Decode(List<string> tokens) =>
            [.. tokens.Select((token, i) => i == 0 && Scheme != PrependScheme.Never
                ? token.Replace(Replacement.ToString(), "", StringComparison.Ordinal)
                : token.Replace(Replacement, ' '))];
    }

    public sealed record Sequence(IReadOnlyList<TokenDecoder> Steps) : TokenDecoder
    {
        public override List<string> Decode(List<string> tokens) => Steps.Aggregate(tokens, (current, step) => step.Decode(current));
    }
}
