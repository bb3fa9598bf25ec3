using System.Text.RegularExpressions;
using ReasonRL.Verifiers.Math.Equivalence;
using ReasonRL.Verifiers.Math.Expressions;
using ReasonRL.Verifiers.Math.Latex;

namespace ReasonRL.Verifiers.Math.Extraction;

/// <summary>An answer read from text: the parsed value (null when nothing parsed) and the text it came from.</summary>
/// <param name="Node">The parsed answer.</param>
/// <param name="Fallback">The normalised text of the first match tried; two answers with equal fallbacks are equal
/// even when neither parses (Math-Verify's string fallback).</param>
internal sealed record ParsedAnswer(MathNode? Node, string? Fallback)
{
    public static ParsedAnswer None { get; } = new(null, null);
}

/// <summary>
/// Finds and parses the final answer of a text the way Math-Verify's <c>parse</c> does with LaTeX and expression
/// targets and boxed answers first: patterns by priority (<see cref="AnswerPatterns"/>), within a priority the match
/// that ends last first, the first match that parses wins.
/// </summary>
internal static partial class AnswerExtractor
{
    /// <summary>Searches free text (a whole completion, or a gold answer such as "$\frac{1}{2}$" or "1,000").</summary>
    public static ParsedAnswer FromText(string text, Deadline deadline)
    {
        var candidates = Candidates(text).ToList();
        string? fallback = null;
        foreach (var priority in candidates.Select(c => c.Priority).Distinct().Order())
        {
            var ordered = candidates.Where(c => c.Priority == priority).OrderByDescending(c => c.End).ThenBy(c => c.Start);
            foreach (var candidate in ordered)
            {
                deadline.Check();
                var (node, text0) = Parse(candidate, deadline);
                fallback ??= text0;
                if (node is not null)
                {
                    return new ParsedAnswer(node, fallback);
                }
            }
        }

        return new ParsedAnswer(null, fallback);
    }

    /// <summary>
    /// Reads a short answer (the content of an answer tag, or a gold answer): a whole formula such as "2x+1" or
    /// "\frac{1}{2}" is parsed as it stands; prose, environments and boxes are searched as in <see cref="FromText"/>.
    /// </summary>
    public static ParsedAnswer FromShortAnswer(string answer, Deadline deadline)
    {
        var looksLikeFormula = answer.Length <= 200 && !answer.Contains('$', StringComparison.Ordinal) && !answer.Contains("\\(", StringComparison.Ordinal)
            && !answer.Contains("\\[", StringComparison.Ordinal) && !answer.Contains("\\boxed", StringComparison.Ordinal)
            && Formulaic().IsMatch(answer) && !Prose().IsMatch(Commands().Replace(answer, " "));
        if (looksLikeFormula && TryParseLatex(answer, BoxedMode.All, percent: false, deadline) is { } node)
        {
            return new ParsedAnswer(node, LatexNormalizer.Normalize(answer, BoxedMode.All));
        }

        var found = FromText(answer, deadline);
        return found.Node is null && TryParseLatex(answer, BoxedMode.All, percent: false, deadline) is { } whole
            ? new ParsedAnswer(whole, LatexNormalizer.Normalize(answer, BoxedMode.All))
            : found;
    }

    private static IEnumerable<AnswerCandidate> Candidates(string text)
    {
        foreach (var (priority, pattern) in AnswerPatterns.All)
        {
            foreach (Match match in pattern.Matches(text))
            {
                if (Parts(match) is { Count: > 0 } parts)
                {
                    yield return new AnswerCandidate(priority, match.Index, match.Index + match.Length, parts);
                }
            }
        }
    }

    private static List<AnswerPart> Parts(Match match)
    {
        if (match.Groups["b"].Success)
        {
            return [new AnswerPart(match.Groups["b"].Value, IsLatex: true, Percent: false, BoxedMode.Last)];
        }

        var parts = new List<AnswerPart>();
        for (var k = 0; k < AnswerPatterns.ChainLength; k++)
        {
            if (match.Groups[$"c{k}"] is { Success: true } content)
            {
                parts.Add(new AnswerPart(content.Value, IsLatex: true, match.Groups[$"p{k}"].Success, BoxedMode.All));
            }
        }

        if (parts.Count > 0)
        {
            return parts;
        }

        var percent = match.Groups["pct"].Success;
        var integer = FirstSuccess(match, "int1", "int2", "int3");
        var decimals = FirstSuccess(match, "dec1", "dec2", "dec3");
        if (integer.Length > 0 || decimals.Length > 0)
        {
            var digits = integer.Replace(",", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
            var negative = digits.StartsWith('-');
            digits = digits.TrimStart('-').TrimStart('0');
            var number = (negative ? "-" : "") + (digits.Length == 0 ? "0" : digits) + decimals.Replace(',', '.');
            return [new AnswerPart(number, IsLatex: false, percent, BoxedMode.All)];
        }

        return match.Groups["expr"].Success ? [new AnswerPart(match.Groups["expr"].Value, IsLatex: false, Percent: false, BoxedMode.All)] : [];
    }

    private static string FirstSuccess(Match match, params string[] groups) =>
        groups.Select(g => match.Groups[g]).FirstOrDefault(g => g.Success)?.Value ?? "";

    private static (MathNode? Node, string Text) Parse(AnswerCandidate candidate, Deadline deadline)
    {
        var nodes = new List<MathNode?>();
        var texts = new List<string>();
        foreach (var part in candidate.Parts)
        {
            texts.Add(part.IsLatex ? LatexNormalizer.Normalize(part.Text, part.Boxed) : part.Text);
            nodes.Add(part.IsLatex
                ? TryParseLatex(part.Text, part.Boxed, part.Percent, deadline)
                : TryParsePlain(part.Text, part.Percent, deadline));
        }

        if (nodes.Count > 1 && nodes.All(n => n is not null))
        {
            // "$1$, $2$ and $3$" is the set {1, 2, 3}.
            var items = nodes.SelectMany(n => n is SetNode set ? set.Items : [n!]).ToList();
            return (new SetNode(items), string.Join(" and ", texts));
        }

        return (nodes[0], texts[0]);
    }

    /// <summary>Normalises and parses LaTeX; when that fails, parses what follows the last '=' of a chain.</summary>
    public static MathNode? TryParseLatex(string latex, BoxedMode boxed, bool percent, Deadline deadline)
    {
        var normalized = LatexNormalizer.Normalize(latex, boxed);
        var node = TryParse(normalized, deadline);
        if (node is null && !normalized.Contains(',', StringComparison.Ordinal) && !normalized.Contains(';', StringComparison.Ordinal))
        {
            var parts = EquationSplit().Split(normalized);
            if (parts.Length > 2)
            {
                node = TryParse(parts[^1], deadline);
            }
        }

        return node is null || !percent ? node : Percent(node);
    }

    private static MathNode? TryParsePlain(string text, bool percent, Deadline deadline)
    {
        var node = TryParse(text.Replace('\n', ' ').TrimEnd('.', ' '), deadline);
        return node is null || !percent ? node : Percent(node);
    }

    private static MathNode Percent(MathNode node) => node is NumberNode number
        ? number with { Value = number.Value / BigRational.FromInteger(100), IsPercent = true }
        : new MulNode([node, new NumberNode(BigRational.Of(1, 100))]);

    private static MathNode? TryParse(string text, Deadline deadline)
    {
        if (text.Trim().Length == 0)
        {
            return null;
        }

        try
        {
            return LatexParser.Parse(text, deadline);
        }
        catch (LatexParseException)
        {
            return null;
        }
        catch (DivideByZeroException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"(?<!\\|<|!|>)=")]
    private static partial Regex EquationSplit();

    [GeneratedRegex(@"[a-zA-Z\\]")]
    private static partial Regex Formulaic();

    [GeneratedRegex(@"[a-zA-Z]{3,}")]
    private static partial Regex Prose();

    [GeneratedRegex(@"\\[a-zA-Z]+(?:\{[^{}]*\})?")]
    private static partial Regex Commands();
}
