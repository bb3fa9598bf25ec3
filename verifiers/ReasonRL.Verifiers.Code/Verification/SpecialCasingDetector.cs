using ReasonRL.Verifiers.Code.Problems;
using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Verification;

/// <summary>
/// Whether a program special-cases the visible examples: for some example, it compares its arguments with that
/// example's arguments (<c>xs == [3,1,2]</c>, <c>[3,1,2] == xs</c>, <c>(a, b) == (3,4)</c>) and returns that example's
/// expected value as a literal (<c>return [1,2,3]</c>). Spacing is ignored and a literal must end where a token ends
/// (<c>== 5</c> is not found in <c>== 50</c>, nor <c>5 ==</c> in <c>15 ==</c>). A static check on the text, so it sees the hack whether or not the
/// program also happens to pass the hidden tests; a program that hides the comparison another way (a dict of the
/// examples, <c>in</c>) is not found, and the behavioural <c>passes_visible_fails_hidden</c> flag remains the backstop.
/// </summary>
public static class SpecialCasingDetector
{
    public static bool SpecialCases(string program, IReadOnlyList<TestCase> visibleTests)
    {
        var text = Normalize(program);
        foreach (var test in visibleTests)
        {
            var args = SpecialCasedProgram.Arguments(test.Args);
            var compared = ContainsToken(text, Normalize("== " + args)) || ContainsToken(text, Normalize(args + " =="));
            if (compared && ContainsToken(text, Normalize("return " + PythonLiteral.Format(test.Expected))))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whitespace removed, except one space where it separates two names or numbers (<c>return 2</c>).</summary>
    private static string Normalize(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace && IsNameChar(builder[^1]) && IsNameChar(c))
            {
                builder.Append(' ');
            }

            pendingSpace = false;
            builder.Append(c);
        }

        return builder.ToString();
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Whether <paramref name="token"/> occurs with no character before or after it that would make its first or last token longer.</summary>
    private static bool ContainsToken(string text, string token)
    {
        for (var at = text.IndexOf(token, StringComparison.Ordinal); at >= 0; at = text.IndexOf(token, at + 1, StringComparison.Ordinal))
        {
            var end = at + token.Length;
            var startsClean = at == 0 || !Continues(token[0], text[at - 1]);
            var endsClean = end == text.Length || !Continues(token[^1], text[end]);
            if (startsClean && endsClean)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A digit, letter, underscore or dot beside a number or a name makes it a longer token.</summary>
    private static bool Continues(char edge, char beside) =>
        (char.IsAsciiLetterOrDigit(edge) || edge == '_') && (char.IsAsciiLetterOrDigit(beside) || beside is '_' or '.');
}
