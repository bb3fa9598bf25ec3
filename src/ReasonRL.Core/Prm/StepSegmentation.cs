using ReasonRL.Core.Records;
using ReasonRL.Core.Text;

namespace ReasonRL.Core.Prm;

/// <summary>Where the steps of a solution end, for a process reward model (YAML: <c>verifier</c> | <c>lines</c>).</summary>
public enum StepSegmentation
{
    /// <summary>The step marks of the family's step-checking verifier (arithmetic: every <c>expression = number</c> line).</summary>
    Verifier,

    /// <summary>
    /// Every non-empty line of the thinking section (<see cref="ThinkingLines"/>): works for any family in the R1
    /// format, with or without a step checker (e.g. countdown, ciphers).
    /// </summary>
    Lines,
}

/// <summary>
/// The generic step segmentation: a step is a line of the thinking section (between <c>&lt;think&gt;</c> and
/// <c>&lt;/think&gt;</c>) that holds anything but whitespace; it ends where its text ends (trailing whitespace
/// excluded), as an exclusive character offset into the whole completion — the same convention as the step marks of
/// a step-checking verifier (<see cref="StepMark.End"/>). A completion without a closed thinking section has no steps.
/// </summary>
public static class ThinkingLines
{
    public static IReadOnlyList<int> Ends(string completion)
    {
        var parsed = R1Completion.Parse(completion);
        if (parsed.Thinking is not { } thinking)
        {
            return [];
        }

        var ends = new List<int>();
        var lineStart = 0;
        while (lineStart <= thinking.Length)
        {
            var newline = thinking.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? thinking.Length : newline;
            var line = thinking.AsSpan(lineStart, lineEnd - lineStart).TrimEnd();
            if (!line.IsWhiteSpace())
            {
                ends.Add(parsed.ThinkingStart + lineStart + line.Length);
            }

            if (newline < 0)
            {
                break;
            }

            lineStart = newline + 1;
        }

        return ends;
    }
}
