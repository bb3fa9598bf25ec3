using System.Text;

namespace ReasonRL.Model.Tokenization.HuggingFace;

/// <summary>A stretch of text the model encodes on its own; <paramref name="AtStart"/>: it begins the original input.</summary>
internal readonly record struct Piece(string Text, bool AtStart);

/// <summary>How a <c>Split</c> keeps the delimiters it finds (Hugging Face's <c>SplitDelimiterBehavior</c>).</summary>
internal enum SplitBehavior
{
    Removed,
    Isolated,
    MergedWithPrevious,
    MergedWithNext,
    Contiguous,
}

/// <summary>Metaspace's <c>prepend_scheme</c>: when the replacement character is put in front of a piece.</summary>
internal enum PrependScheme
{
    Always,
    First,
    Never,
}

/// <summary>
/// A <c>pre_tokenizer</c> of <c>tokenizer.json</c>: splits each piece into smaller ones and may rewrite them
/// (ByteLevel maps bytes to printable characters, Metaspace turns spaces into "▁"). BPE never merges across pieces.
/// </summary>
internal abstract record PreTokenizer
{
    /// <summary>GPT-2's split, used by <c>ByteLevel</c> with <c>use_regex: true</c>.</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private static readonly CodePointRegex Gpt2Regex = new(Gpt2Pattern);
    private static readonly CodePointRegex WhitespaceRegex = new(@"\w+|[^\w\s]+");
    private static readonly CodePointRegex NonWhitespaceRegex = new(@"\S+");

    public abstract void PreTokenize(Piece piece, List<Piece> output);

    public List<Piece> Apply(IEnumerable<Piece> pieces)
    {
        var output = new List<Piece>();
        foreach (var piece in pieces)
        {
            PreTokenize(piece, output);
        }

        return output;
    }

    /// <summary>Cuts <paramref name="piece"/> at the matches of <paramref name="pattern"/>, keeping them as <paramref name="behavior"/> says.</summary>
    internal static void SplitAt(Piece piece, CodePointRegex pattern, SplitBehavior behavior, bool invert, List<Piece> output)
    {
        var text = piece.Text;
        // (start, end, is delimiter) covering the text; with invert the matches are the content and the gaps the delimiters.
        var parts = new List<(int Start, int End, bool Delimiter)>();
        var at = 0;
        foreach (var (start, length) in pattern.Matches(text))
        {
            if (start > at)
            {
                parts.Add((at, start, invert));
            }

            parts.Add((start, start + length, !invert));
            at = start + length;
        }

        if (at < text.Length)
        {
            parts.Add((at, text.Length, invert));
        }

        var spans = new List<(int Start, int End)>();
        switch (behavior)
        {
            case SplitBehavior.Removed:
                spans.AddRange(parts.Where(p => !p.Delimiter).Select(p => (p.Start, p.End)));
                break;
            case SplitBehavior.Isolated:
                spans.AddRange(parts.Select(p => (p.Start, p.End)));
                break;
            case SplitBehavior.Contiguous:
                var previousWasDelimiter = false;
                foreach (var part in parts)
                {
                    if (part.Delimiter && previousWasDelimiter)
                    {
                        spans[^1] = (spans[^1].Start, part.End);
                    }
                    else
                    {
                        spans.Add((part.Start, part.End));
                    }

                    previousWasDelimiter = part.Delimiter;
                }

                break;
            case SplitBehavior.MergedWithPrevious:
                var previousWasContent = false;
                foreach (var part in parts)
                {
                    if (part.Delimiter && previousWasContent)
                    {
                        spans[^1] = (spans[^1].Start, part.End);
                    }
                    else
                    {
                        spans.Add((part.Start, part.End));
                    }

                    previousWasContent = !part.Delimiter;
                }

                break;
            case SplitBehavior.MergedWithNext:
                var pendingDelimiter = false;
                foreach (var part in parts)
                {
                    if (pendingDelimiter)
                    {
                        spans[^1] = (spans[^1].Start, part.End);
                    }
                    else
                    {
                        spans.Add((part.Start, part.End));
                    }

                    pendingDelimiter = part.Delimiter;
                }

                break;
        }

        foreach (var (start, end) in spans)
        {
            if (end > start)
            {
                output.Add(new Piece(text[start..end], piece.AtStart && start == 0));
            }
        }
    }

    public sealed record Split(CodePointRegex Pattern, SplitBehavior Behavior, bool Invert) : PreTokenizer
    {
        public override void PreTokenize(Piece piece, List<Piece> output) => SplitAt(piece, Pattern, Behavior, Invert, output);
    }

    /// <summary>
    /// GPT-2's byte-level step: optionally a leading space and GPT-2's split, then every UTF-8 byte written as its
    /// printable stand-in (<see cref="ByteLevelAlphabet"/>), so the BPE vocabulary covers every input.
    /// </summary>
    public sealed record ByteLevel(bool AddPrefixSpace, bool UseRegex) : PreTokenizer
    {
        public override void PreTokenize(Piece piece, List<Piece> output)
        {
            if (piece.Text.Length == 0)
            {
                return; // Hugging Face prepends by rewriting the first character, so an empty piece stays empty
            }

            var text = AddPrefixSpace && !piece.Text.StartsWith(' ') ? " " + piece.Text : piece.Text;
            var words = new List<Piece>();
            if (UseRegex)
            {
                SplitAt(piece with { Text = text }, Gpt2Regex, SplitBehavior.Isolated, invert: false, words);
            }
            else
            {
                words.Add(piece with { Text = text });
            }

            output.AddRange(words.Select(w => w with { Text = ByteLevelAlphabet.Encode(w.Text) }));
        }
    }

    /// <summary>SentencePiece's space handling: spaces become <paramref name="Replacement"/>, one is put in front per <paramref name="Scheme"/>, and with <paramref name="SplitWords"/> each word starts a piece.</summary>
    public sealed record Metaspace(char Replacement, PrependScheme Scheme, bool SplitWords) : PreTokenizer
    {
        public override void PreTokenize(Piece piece, List<Piece> output)
        {
            if (piece.Text.Length == 0)
            {
                return; // as in ByteLevel: nothing to put a prefix on
            }

            var text = piece.Text.Replace(' ', Replacement);
            var prepend = Scheme == PrependScheme.Always || (Scheme == PrependScheme.First && piece.AtStart);
            if (prepend && !text.StartsWith(Replacement))
            {
                text = Replacement + text;
            }

            if (!SplitWords)
            {
                output.Add(piece with { Text = text });
                return;
            }

            SplitAt(piece with { Text = text }, new CodePointRegex(System.Text.RegularExpressions.Regex.Escape(Replacement.ToString())), SplitBehavior.MergedWithNext, invert: false, output);
        }
    }

    /// <summary>Digits apart from the rest: each digit alone (<paramref name="IndividualDigits"/>) or runs of digits.</summary>
    public sealed record Digits(bool IndividualDigits) : PreTokenizer
    {
        private static readonly CodePointRegex Digit = new(@"\p{N}");

        public override void PreTokenize(Piece piece, List<Piece> output) =>
            SplitAt(piece, Digit, IndividualDigits ? SplitBehavior.Isolated : SplitBehavior.Contiguous, invert: false, output);
    }

    /// <summary>BERT-style <c>Whitespace</c>: runs of word characters and runs of other non-space characters.</summary>
    public sealed record Whitespace : PreTokenizer
    {
        public override void PreTokenize(Piece piece, List<Piece> output) =>
            SplitAt(piece, WhitespaceRegex, SplitBehavior.Removed, invert: true, output);
    }

    /// <summary><c>WhitespaceSplit</c>: the runs of non-space characters.</summary>
    public sealed record WhitespaceSplit : PreTokenizer
    {
        public override void PreTokenize(Piece piece, List<Piece> output) =>
            SplitAt(piece, NonWhitespaceRegex, SplitBehavior.Removed, invert: true, output);
    }

    public sealed record Sequence(IReadOnlyList<PreTokenizer> Steps) : PreTokenizer
    {
        public override void PreTokenize(Piece piece, List<Piece> output)
        {
            List<Piece> pieces = [piece];
            foreach (var step in Steps)
            {
                pieces = step.Apply(pieces);
            }

            output.AddRange(pieces);
        }
    }
}

/// <summary>GPT-2's map from the 256 byte values to printable characters (<c>bytes_to_unicode</c>) and back.</summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] CharOfByte = BuildMap();
    private static readonly Dictionary<char, byte> ByteOfChar = Enumerable.Range(0, 256).ToDictionary(b => CharOfByte[b], b => (byte)b);

    public static string Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = CharOfByte[bytes[i]];
        }

        return new string(chars);
    }

    /// <summary>The bytes a token's characters stand for, or null when one of them is not a stand-in.</summary>
    public static byte[]? Decode(string token)
    {
        var bytes = new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            if (!ByteOfChar.TryGetValue(token[i], out bytes[i]))
            {
                return null;
            }
        }

        return bytes;
    }

    // Printable Latin-1 bytes stand for themselves; the others (controls, space, soft hyphen…) take U+0100 onwards.
    private static char[] BuildMap()
    {
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }
}
