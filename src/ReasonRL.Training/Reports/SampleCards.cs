using System.Globalization;
using System.Text;
using ReasonRL.Core.Json;
using ReasonRL.Training.Metrics;

namespace ReasonRL.Training.Reports;

/// <summary>
/// Logged completions as cards a reader can scan: the verdict as a coloured badge, the reward, the verdict's flags as
/// chips, the prompt muted, and the completion with each reasoning step a verifier checked underlined green (correct)
/// or red (wrong) and numbered where it ends.
/// </summary>
public static class SampleCards
{
    /// <summary>Early and late training side by side: the samples of the first and the last logged step.</summary>
    public static string EarlyAndLate(IReadOnlyList<SampleRecord> samples, int perStep = 4)
    {
        if (samples.Count == 0)
        {
            return "";
        }

        var first = samples.Min(s => s.Step);
        var last = samples.Max(s => s.Step);
        var html = new StringBuilder("<div class=\"side\">");
        foreach (var step in new[] { first, last }.Distinct())
        {
            var atStep = samples.Where(s => s.Step == step).ToList();
            var correct = atStep.Count(s => s.Verdict.IsCorrect);
            html.Append(CultureInfo.InvariantCulture, $"<div><h4>{(step == first ? "Early" : "Late")}: step {step} <span class=\"muted\">({correct} of {atStep.Count} correct)</span></h4>");
            foreach (var sample in atStep.Take(perStep))
            {
                html.Append(Card(sample));
            }

            html.Append("</div>");
        }

        return html.Append("</div>").ToString();
    }

    /// <summary>One sample as a card.</summary>
    public static string Card(SampleRecord sample)
    {
        var outcome = JsonNamingPolicyName(sample.Verdict.Outcome);
        var html = new StringBuilder("<div class=\"card\">");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"card-head\"><span class=\"badge {(sample.Verdict.IsCorrect ? "ok" : "bad")}\">{Encode(outcome)}</span>")
            .Append(CultureInfo.InvariantCulture, $" reward {Readable.Number(sample.Reward)} <span class=\"muted\">· step {sample.Step} · {Encode(sample.ProblemId)}</span>");
        foreach (var flag in sample.Verdict.Flags)
        {
            html.Append(" <span class=\"chip\">").Append(Encode(flag)).Append("</span>");
        }

        html.Append("</div><pre class=\"sample\"><span class=\"prompt\">").Append(Encode(sample.Prompt)).Append("</span>")
            .Append(MarkedCompletion(sample.Completion, sample.Verdict.Steps ?? []))
            .Append("</pre></div>");
        return html.ToString();
    }

    /// <summary>
    /// The completion as HTML, each checked step wrapped in a span of its verdict and followed by its number; text
    /// after the last step (the answer) stays plain. Offsets past the end or going backwards are clamped, never trusted.
    /// </summary>
    public static string MarkedCompletion(string completion, IReadOnlyList<Core.Records.StepMark> steps)
    {
        var html = new StringBuilder();
        var start = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            var end = Math.Clamp(steps[i].End, start, completion.Length);
            var verdict = steps[i].Correct ? "ok" : "bad";
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"step {verdict}\" title=\"step {i + 1}: {(steps[i].Correct ? "correct" : "wrong")}\">")
                .Append(Encode(completion[start..end]))
                .Append(CultureInfo.InvariantCulture, $"</span><sup class=\"mark {verdict}\">{i + 1}{(steps[i].Correct ? "✓" : "✗")}</sup>");
            start = end;
        }

        return html.Append(Encode(completion[start..])).ToString();
    }

    /// <summary>The outcome as samples.jsonl writes it (<c>bad_format</c>).</summary>
    private static string JsonNamingPolicyName(Core.Records.Outcome outcome) =>
        System.Text.Json.JsonSerializer.Serialize(outcome, RecordJson.Options).Trim('"');

    private static string Encode(string text) => HtmlPage.Encode(text);
}
