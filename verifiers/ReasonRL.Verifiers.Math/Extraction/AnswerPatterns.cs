using System.Text.RegularExpressions;

namespace ReasonRL.Verifiers.Math.Extraction;

/// <summary>
/// The patterns that find an answer in free text, with Math-Verify's priorities (lower first): a boxed answer or
/// "final answer is … I hope" (0), "final answer … is …" (50), "answer: …" (100), "answer … …" (200), then any LaTeX
/// environment, expression or number (300). LaTeX environments ($…$, $$…$$, \(…\), \[…\], " […] ") may come in
/// chains of up to six joined by ",", "and" or "or"; a percent word may follow each.
/// </summary>
internal static class AnswerPatterns
{
    public const int ChainLength = 6;

    /// <summary>Each pattern's own time limit; the check's deadline is the overall one.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    public static IReadOnlyList<(int Priority, Regex Pattern)> All { get; } = Build();

    private static IReadOnlyList<(int, Regex)> Build()
    {
        var chain = Chain(boxed: false);
        var boxedChain = Chain(boxed: true);
        var exprOrNumber = $"(?:{ExpressionWithAnchors}|{NumberWithAnchors})";
        return
        [
            (0, Latex($@"(?i:final answer is):?\s*{chain}\.?\s?I hope")),
            (0, Latex(boxedChain)),
            (0, Latex(@"(?<b>\\boxed\{.+\})")),
            (0, Plain($@"(?i:final answer is):?\s*{exprOrNumber}\.?\s?I hope")),
            (50, Latex($@"(?i:final answer.{{0,100}}?)\s+is:?\s*{chain}")),
            (50, Plain($@"(?i:final answer.{{0,100}}?)\s+is:?{exprOrNumber}")),
            (100, Latex($@"(?i:answer):.{{0,50}}?{chain}")),
            (100, Plain($@"(?i:answer):(?:.{{0,100}}=\s*|.{{0,50}}?){exprOrNumber}(?!\s*=)")),
            (200, Latex($@"(?i:answer).{{0,50}}?{chain}")),
            (200, Plain($@"(?i:answer)(?:.{{0,100}}=\s*|.{{0,50}}?){exprOrNumber}(?!\s*=)")),
            (300, Latex(chain)),
            (300, Plain(ExpressionWithAnchors)),
            (300, Plain(NumberWithAnchors)),
        ];
    }

    private static Regex Latex(string pattern) => new(pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant, MatchTimeout);

    private static Regex Plain(string pattern) => new(pattern, RegexOptions.CultureInvariant, MatchTimeout);

    // A number: with thousands separators, with a decimal point or comma, a bare decimal part, or an integer; then an
    // optional percent word. Groups: int1/dec1, int2/dec2, dec3, int3, pct.
    private const string Number =
        @"(?<!\d)(?:(?<int1>-?[1-9]\d{0,2}(?:[ ,]\d{3})+)(?<dec1>\.\d+)?|(?<int2>-?\d+)(?<dec2>[.,]\d+)|(?<dec3>\.\d+)|(?<int3>-?\d+))" +
        @"(?<pct>\s*(?:%|[Pp]ercent|\s*[Pp]ercentage|\s*[Pp]ct))?";

    // An expression: starts with a digit, has at least one operator.
    private const string ExpressionCharacters = @"[\d.\s+\-*×/^()÷]";
    private const string Operators = @"[+\-*×/^()÷]";
    private const string Expression = $@"(?<expr>-?\(?-?\d{ExpressionCharacters}*{Operators}{ExpressionCharacters}+\)?)";
    private const string Prefix = @"(?:^|\s|=)(?:\*\*)?";
    private const string Currency = "[$€£¥₹₽₪₩₫฿₡₢₣₤₥₦₧₨₭₮₯₰₱₲₳₴₵₶₷₸₺₼₾₿]";
    private const string ExpressionWithAnchors = $@"(?:{Prefix}{Expression}(?:\*\*)?(?:\.|,|:|\s|\)|\$|$))";
    private const string NumberWithAnchors = $"(?:{Prefix}{Currency}?{Number})";

    private static string Chain(bool boxed)
    {
        var links = string.Concat(Enumerable.Range(1, ChainLength - 1).Select(k => $@"(?:\s*(?:,?and|,?or|,)\s*{Environment(k, boxed)})?"));
        return $"(?:{Environment(0, boxed)}{links})";
    }

    /// <summary>One LaTeX environment, its content in group c{k} and an optional percent word in p{k}.</summary>
    private static string Environment(int k, bool boxed)
    {
        string Content(string single) => boxed ? $@"{single}*?\\boxed\{{{single}+?\}}{single}*?" : $"{single}+?";
        var fraction = boxed ? "" : $@"|(?<c{k}>-?\\frac\{{-?\d+(?:[.,]\d+)?\}}\{{-?\d+(?:[.,]\d+)?\}})";
        return "(?:(?:" +
            $@"(?<!\\)\$\$(?<c{k}>{Content(@"(?:[^$]|\$(?!\$))")})(?<!\\)\$\$" +
            $@"|(?<!\\)\\\[(?<c{k}>{Content(@"(?:[^\\]|\\(?!\]))")})(?<!\\)\\\]" +
            $@"|(?<!\\|\d)\$(?<c{k}>{Content(@"(?:\\\$|[^\n$])")})(?<!\\)\$" +
            $@"|(?<!\\)\\\((?<c{k}>{Content(@"(?:[^\\\n]|\\(?!\)))")})(?<!\\)\\\)" +
            $@"|\s\[(?<c{k}>{Content(@"[^\n\]\[]")})\]\s" +
            fraction +
            $@")\s*(?<p{k}>\\?%|[Pp]ercentage|[Pp]ercent|[Pp]ct)?)";
    }
}
