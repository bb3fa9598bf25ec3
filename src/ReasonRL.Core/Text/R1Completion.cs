namespace ReasonRL.Core.Text;

/// <summary>
/// The parts of a completion in DeepSeek-R1's format (<see cref="R1Template"/>) that every verifier reads: the
/// answer and the thinking section, with their offsets into the completion so that step marks can point into it.
/// Parsing never fails: a part that is absent is null.
/// </summary>
/// <remarks>
/// The answer is the content of the LAST complete <c>&lt;answer&gt;…&lt;/answer&gt;</c> pair, pairs being matched
/// left to right, each <c>&lt;answer&gt;</c> with the first <c>&lt;/answer&gt;</c> after it (the same pairs as
/// Python's <c>re.findall(r"&lt;answer&gt;(.*?)&lt;/answer&gt;", text, re.S)</c>). An unclosed trailing
/// <c>&lt;answer&gt;</c> is ignored, so "…&lt;answer&gt;5&lt;/answer&gt;&lt;answer&gt;6" answers 5; with no
/// complete pair there is no answer (the verifiers' <c>bad_format</c>). The thinking section is the content of the
/// first <c>&lt;think&gt;</c> and the first <c>&lt;/think&gt;</c> after it; null when either is missing.
/// </remarks>
public sealed record R1Completion(string? Answer, int AnswerStart, string? Thinking, int ThinkingStart)
{
    public bool HasAnswer => Answer is not null;

    public static R1Completion Parse(string completion)
    {
        var (answer, answerStart) = LastAnswer(completion);
        var (thinking, thinkingStart) = FirstThinking(completion);
        return new R1Completion(answer, answerStart, thinking, thinkingStart);
    }

    /// <summary>The content of the last complete answer tag, or null; see the remarks of <see cref="R1Completion"/>.</summary>
    public static string? ExtractAnswer(string completion) => LastAnswer(completion).Answer;

    private static (string? Answer, int Start) LastAnswer(string text)
    {
        int start = -1, end = -1;
        var position = 0;
        while (true)
        {
            var open = text.IndexOf(R1Template.AnswerOpen, position, StringComparison.Ordinal);
            if (open < 0)
            {
                break;
            }

            var contentStart = open + R1Template.AnswerOpen.Length;
            var close = text.IndexOf(R1Template.AnswerClose, contentStart, StringComparison.Ordinal);
            if (close < 0)
            {
                break;
            }

            (start, end) = (contentStart, close);
            position = close + R1Template.AnswerClose.Length;
        }

        return start < 0 ? (null, -1) : (text[start..end], start);
    }

    private static (string? Thinking, int Start) FirstThinking(string text)
    {
        var open = text.IndexOf(R1Template.ThinkOpen, StringComparison.Ordinal);
        if (open < 0)
        {
            return (null, -1);
        }

        var start = open + R1Template.ThinkOpen.Length;
        var close = text.IndexOf(R1Template.ThinkClose, start, StringComparison.Ordinal);
        return close < 0 ? (null, -1) : (text[start..close], start);
    }
}
