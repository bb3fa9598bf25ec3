using System.Globalization;
using System.Text;

namespace ReasonRL.Jinja;

internal enum TokenKind
{
    Text,        // template text outside tags
    OutputStart, // {{
    OutputEnd,   // }}
    BlockStart,  // {%
    BlockEnd,    // %}
    Name,
    String,
    Integer,
    Float,
    Operator,    // punctuation and operators: ( ) [ ] { } . , : | + - * / // % ** ~ = == != < > <= >=
    End,
}

internal readonly record struct Token(TokenKind Kind, string Value, int Line);

/// <summary>
/// Splits a template into text and tag tokens, applying Jinja's whitespace control as transformers configures it:
/// <c>trim_blocks</c> (the newline after a block tag is dropped), <c>lstrip_blocks</c> (spaces and tabs before a block
/// tag on its line are dropped) and the <c>-</c> markers (<c>{%-</c>, <c>-}}</c>, …: all white space on that side).
/// Comments (<c>{# … #}</c>) are dropped like block tags.
/// </summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string source)
    {
        var raw = Split(source);
        var tokens = new List<Token>();
        foreach (var part in raw)
        {
            if (part.Kind == PartKind.Text)
            {
                if (part.Text.Length > 0)
                {
                    tokens.Add(new Token(TokenKind.Text, part.Text, part.Line));
                }

                continue;
            }

            if (part.Kind == PartKind.Comment)
            {
                continue;
            }

            tokens.Add(new Token(part.Kind == PartKind.Output ? TokenKind.OutputStart : TokenKind.BlockStart, "", part.Line));
            TokenizeInside(part.Text, part.Line, tokens);
            tokens.Add(new Token(part.Kind == PartKind.Output ? TokenKind.OutputEnd : TokenKind.BlockEnd, "", part.Line));
        }

        tokens.Add(new Token(TokenKind.End, "", CountLines(source, source.Length)));
        return tokens;
    }

    private enum PartKind
    {
        Text,
        Output,
        Block,
        Comment,
    }

    private sealed record Part(PartKind Kind, string Text, int Line, bool StripBefore, bool StripAfter, bool KeepIndent)
    {
        /// <summary>For text: it begins a line (the template start, or the tag before it ended by eating a newline).</summary>
        public bool StartsLine { get; init; }
    }

    /// <summary>Text and tags with whitespace control applied to the text between them.</summary>
    private static List<Part> Split(string source)
    {
        var parts = new List<Part>();
        var at = 0;
        while (at < source.Length)
        {
            var open = FindOpen(source, at);
            if (open < 0)
            {
                parts.Add(new Part(PartKind.Text, source[at..], CountLines(source, at), false, false, false) { StartsLine = at == 0 });
                break;
            }

            parts.Add(new Part(PartKind.Text, source[at..open], CountLines(source, at), false, false, false) { StartsLine = at == 0 });
            var kind = source[open + 1] switch { '{' => PartKind.Output, '%' => PartKind.Block, _ => PartKind.Comment };
            var close = kind switch { PartKind.Output => "}}", PartKind.Block => "%}", _ => "#}" };
            var contentStart = open + 2;
            var stripBefore = contentStart < source.Length && source[contentStart] == '-';
            var keepIndent = contentStart < source.Length && source[contentStart] == '+';
            if (stripBefore || keepIndent)
            {
                contentStart++;
            }

            var end = kind == PartKind.Comment ? source.IndexOf(close, contentStart, StringComparison.Ordinal) : FindClose(source, contentStart, close);
            if (end < 0)
            {
                throw new JinjaException($"line {CountLines(source, open)}: '{source.Substring(open, 2)}' is never closed with '{close}'");
            }

            var stripAfter = end > contentStart && source[end - 1] == '-';
            var content = source[contentStart..(stripAfter ? end - 1 : end)];
            parts.Add(new Part(kind, content, CountLines(source, open), stripBefore, stripAfter, keepIndent));
            at = end + 2;
        }

        // Whitespace control edits the text parts beside each tag.
        for (var i = 0; i < parts.Count; i++)
        {
            var tag = parts[i];
            if (tag.Kind == PartKind.Text)
            {
                continue;
            }

            if (i > 0 && parts[i - 1].Kind == PartKind.Text)
            {
                var before = parts[i - 1].Text;
                if (tag.StripBefore)
                {
                    before = before.TrimEnd();
                }
                else if (tag.Kind != PartKind.Output && !tag.KeepIndent)
                {
                    // lstrip_blocks: only spaces/tabs between the line start and the tag.
                    var lineStart = before.LastIndexOf('\n') + 1;
                    var tail = before[lineStart..];
                    var atLineStart = lineStart > 0 || parts[i - 1].StartsLine;
                    if (tail.All(c => c is ' ' or '\t') && atLineStart)
                    {
                        before = before[..lineStart];
                    }
                }

                parts[i - 1] = parts[i - 1] with { Text = before };
            }

            if (i + 1 < parts.Count && parts[i + 1].Kind == PartKind.Text)
            {
                var original = parts[i + 1].Text;
                var after = original;
                if (tag.StripAfter)
                {
                    after = after.TrimStart();
                }
                else if (tag.Kind != PartKind.Output)
                {
                    // trim_blocks: the first newline after a block tag or comment.
                    after = after.StartsWith("\r\n", StringComparison.Ordinal) ? after[2..] : after.StartsWith('\n') ? after[1..] : after;
                }

                var ateNewline = original[..(original.Length - after.Length)].EndsWith('\n');
                parts[i + 1] = parts[i + 1] with { Text = after, StartsLine = ateNewline };
            }
        }

        return parts;
    }

    private static int FindOpen(string source, int from)
    {
        for (var i = source.IndexOf('{', from); i >= 0 && i + 1 < source.Length; i = source.IndexOf('{', i + 1))
        {
            if (source[i + 1] is '{' or '%' or '#')
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The closing delimiter outside string literals.</summary>
    private static int FindClose(string source, int from, string close)
    {
        char? quote = null;
        for (var i = from; i + 1 < source.Length; i++)
        {
            var c = source[i];
            if (quote is { } q)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == q)
                {
                    quote = null;
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == close[0] && source[i + 1] == close[1])
            {
                return i;
            }
        }

        return -1;
    }

    private static int CountLines(string source, int upTo)
    {
        var line = 1;
        for (var i = 0; i < upTo && i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    private static readonly string[] Operators = ["//", "**", "==", "!=", "<=", ">=", "(", ")", "[", "]", "{", "}", ".", ",", ":", "|", "+", "-", "*", "/", "%", "~", "=", "<", ">"];

    private static void TokenizeInside(string text, int line, List<Token> tokens)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (c == '\n')
                {
                    line++;
                }

                i++;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Name, text[start..i], line));
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                var isFloat = i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]);
                if (isFloat)
                {
                    i++;
                    while (i < text.Length && char.IsAsciiDigit(text[i]))
                    {
                        i++;
                    }
                }

                var number = text[start..i].Replace("_", "", StringComparison.Ordinal);
                tokens.Add(new Token(isFloat ? TokenKind.Float : TokenKind.Integer, number, line));
            }
            else if (c is '\'' or '"')
            {
                var value = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != c)
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                        value.Append(text[i] switch
                        {
                            'n' => "\n",
                            't' => "\t",
                            'r' => "\r",
                            '\\' => "\\",
                            '\'' => "'",
                            '"' => "\"",
                            'u' when i + 4 < text.Length => ((char)int.Parse(text.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString(),
                            var other => "\\" + other,
                        });
                        if (text[i] == 'u' && i + 4 < text.Length)
                        {
                            i += 4;
                        }
                    }
                    else
                    {
                        value.Append(text[i]);
                    }

                    i++;
                }

                if (i >= text.Length)
                {
                    throw new JinjaException($"line {line}: a string literal is not closed");
                }

                i++;
                tokens.Add(new Token(TokenKind.String, value.ToString(), line));
            }
            else
            {
                var op = Operators.FirstOrDefault(o => string.CompareOrdinal(text, i, o, 0, o.Length) == 0)
                    ?? throw new JinjaException($"line {line}: unexpected character '{c}'");
                tokens.Add(new Token(TokenKind.Operator, op, line));
                i += op.Length;
            }
        }
    }
}
