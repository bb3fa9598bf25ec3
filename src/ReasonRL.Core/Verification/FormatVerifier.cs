using ReasonRL.Core.Records;
using ReasonRL.Core.Text;

namespace ReasonRL.Core.Verification;

/// <summary>
/// The <c>format</c> verifier: scores the R1 template alone, whatever the answer (DeepSeek-R1, arXiv 2501.12948,
/// §2.2.2 "format rewards"). Reward 1 when the completion is exactly
/// <c>&lt;think&gt;…&lt;/think&gt; &lt;answer&gt;…&lt;/answer&gt;</c>: each of the four tags once, in that order, a
/// non-blank answer, and nothing but whitespace outside the two sections. Otherwise reward 0, <c>bad_format</c>,
/// and a detail naming the first thing wrong.
/// </summary>
public sealed class FormatVerifier : IVerifier
{
    public const string VerifierName = "format";

    private static readonly string[] Tags = [R1Template.ThinkOpen, R1Template.ThinkClose, R1Template.AnswerOpen, R1Template.AnswerClose];

    public string Name => VerifierName;

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Check(completion));

    /// <summary>The verdict on <paramref name="completion"/>'s template; pure.</summary>
    public static Verdict Check(string completion)
    {
        var positions = new int[Tags.Length];
        for (var i = 0; i < Tags.Length; i++)
        {
            var count = Count(completion, Tags[i], out positions[i]);
            if (count != 1)
            {
                return Verdict.BadFormat(count == 0 ? $"no {Tags[i]}" : $"{Tags[i]} appears {count} times");
            }
        }

        for (var i = 1; i < Tags.Length; i++)
        {
            if (positions[i] < positions[i - 1])
            {
                return Verdict.BadFormat($"{Tags[i]} comes before {Tags[i - 1]}");
            }
        }

        var thinkClosed = positions[1] + R1Template.ThinkClose.Length;
        var answerStart = positions[2] + R1Template.AnswerOpen.Length;
        var answerClosed = positions[3] + R1Template.AnswerClose.Length;
        if (!IsBlank(completion.AsSpan(0, positions[0])))
        {
            return Verdict.BadFormat($"text before {R1Template.ThinkOpen}");
        }

        if (!IsBlank(completion.AsSpan(thinkClosed, positions[2] - thinkClosed)))
        {
            return Verdict.BadFormat($"text between {R1Template.ThinkClose} and {R1Template.AnswerOpen}");
        }

        if (!IsBlank(completion.AsSpan(answerClosed)))
        {
            return Verdict.BadFormat($"text after {R1Template.AnswerClose}");
        }

        return IsBlank(completion.AsSpan(answerStart, positions[3] - answerStart))
            ? Verdict.BadFormat("empty answer")
            : Verdict.Correct("well-formed");
    }

    private static int Count(string text, string tag, out int first)
    {
        first = text.IndexOf(tag, StringComparison.Ordinal);
        var count = 0;
        for (var at = first; at >= 0; at = text.IndexOf(tag, at + tag.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static bool IsBlank(ReadOnlySpan<char> text) => text.IsWhiteSpace();
}
