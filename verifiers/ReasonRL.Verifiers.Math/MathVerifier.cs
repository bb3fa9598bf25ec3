using System.Text.RegularExpressions;
using ReasonRL.Core.Json;
using ReasonRL.Core.Records;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Verifiers.Math.Equivalence;
using ReasonRL.Verifiers.Math.Extraction;

namespace ReasonRL.Verifiers.Math;

/// <summary>
/// The <c>math</c> verifier: the completion's final answer against <c>reference.answer</c>, equal in the sense of
/// Math-Verify (huggingface/Math-Verify). The final answer is the content of the last &lt;answer&gt; tag; without
/// one, it is searched in the whole completion as Math-Verify does (the last \boxed{} first, then "final answer is",
/// "answer:", LaTeX environments, and at last the last number). The gold answer may be written as a dataset writes
/// it: "42", "#### 42" (GSM8K), "\frac{1}{2}", "$[0, 1)$", "\boxed{…}".
/// </summary>
/// <remarks>
/// Pure and deterministic: no printing, no randomness (expressions are compared at fixed seeded points), no clock
/// except the time limit of each check; a check that runs past it is an <c>error</c> verdict flagged
/// <c>timeout</c>, never a reward. The <c>dataset</c> family's verifier is this one under the family's name.
/// </remarks>
public sealed class MathVerifier(string name = MathVerifier.VerifierName, TimeSpan? timeLimit = null) : IVerifier
{
    public const string VerifierName = "math";

    /// <summary>The default time limit of one check (extraction, parsing and comparison together), Math-Verify's default.</summary>
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromSeconds(5);

    // Building the answer patterns takes a moment; it happens here, not inside the first check's time limit.
    private readonly int _patterns = AnswerPatterns.All.Count;

    private readonly TimeSpan _timeLimit = timeLimit ?? DefaultTimeLimit;

    public string Name => name;

    public ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Verify(problem, completion));

    /// <summary>The verdict; never throws.</summary>
    public Verdict Verify(Problem problem, string completion) =>
        ReferenceFields.TryGetString(problem.Reference, "answer", out var gold)
            ? Compare(gold, completion)
            : Verdict.Error("the reference has no string 'answer'");

    /// <summary>Compares a completion with a gold answer as written.</summary>
    public Verdict Compare(string goldAnswer, string completion)
    {
        var deadline = new Deadline(_timeLimit);
        try
        {
            var gold = AnswerExtractor.FromShortAnswer(GoldText(goldAnswer), deadline);
            if (gold.Node is null && gold.Fallback is null)
            {
                return Verdict.Error($"the reference answer {DetailText.Quote(goldAnswer)} could not be read");
            }

            var tagged = R1Completion.ExtractAnswer(completion);
            var predicted = tagged is not null ? AnswerExtractor.FromShortAnswer(tagged, deadline) : AnswerExtractor.FromText(completion, deadline);
            if (predicted.Node is null && predicted.Fallback is null)
            {
                return Verdict.BadFormat("no answer found");
            }

            var equal = (gold.Node is not null && predicted.Node is not null && new MathEquivalence(deadline).Equivalent(gold.Node, predicted.Node))
                || (gold.Fallback is { Length: > 0 } g && g == predicted.Fallback);
            var shown = DetailText.Cut(predicted.Node?.ToString() ?? predicted.Fallback ?? "");
            return equal ? Verdict.Correct(shown) : Verdict.Incorrect($"expected {DetailText.Cut(gold.Node?.ToString() ?? gold.Fallback ?? "")}, got {shown}");
        }
        catch (Exception e) when (e is MathTimeoutException or RegexMatchTimeoutException)
        {
            return new Verdict(0.0, Outcome.Error, [VerdictFlags.Timeout], null, $"timeout: the check ran past {_timeLimit.TotalSeconds:0.###} s");
        }
    }

    /// <summary>The gold answer without a GSM8K "#### " marker.</summary>
    private static string GoldText(string answer)
    {
        var marker = answer.LastIndexOf("####", StringComparison.Ordinal);
        return marker >= 0 ? answer[(marker + 4)..].Trim() : answer;
    }
}
