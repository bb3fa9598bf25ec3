using ReasonRL.Core.Records;
using ReasonRL.Core.Text;
using ReasonRL.Verifiers.Arithmetic.Expressions;
using ReasonRL.Verifiers.Arithmetic.Numbers;

namespace ReasonRL.Verifiers.Arithmetic.Steps;

/// <summary>
/// Checks the worked steps of a completion, the raw material of process rewards: every line of the thinking section
/// shaped <c>&lt;expression&gt; = &lt;number&gt;</c> — one '=', an expression with at least one operation on the left
/// (<see cref="ExpressionParser"/>), a number on the right (<see cref="AnswerNumber"/>) — is evaluated exactly and
/// marked correct when both sides are equal. Other lines ("Wait, 23+45 is 68, not 71.") are not steps. A step's
/// mark ends where its line's text ends (trailing whitespace excluded), as an offset into the whole completion.
/// </summary>
/// <remarks>
/// "1 = 1" is not a step (no operation), so a policy cannot farm step rewards with trivial lines; lines longer than
/// <see cref="MaxLineLength"/> characters are not read.
/// </remarks>
public static class StepChecker
{
    public const int MaxLineLength = 200;

    /// <summary>The step marks, or null when the completion has no thinking section.</summary>
    public static IReadOnlyList<StepMark>? Mark(R1Completion parsed)
    {
        if (parsed.Thinking is not { } thinking)
        {
            return null;
        }

        var marks = new List<StepMark>();
        var lineStart = 0;
        while (lineStart <= thinking.Length)
        {
            var newline = thinking.IndexOf('\n', lineStart);
            var lineEnd = newline < 0 ? thinking.Length : newline;
            var line = thinking.AsSpan(lineStart, lineEnd - lineStart).TrimEnd();
            if (TryCheck(line, out var correct))
            {
                marks.Add(new StepMark(parsed.ThinkingStart + lineStart + line.Length, correct));
            }

            if (newline < 0)
            {
                break;
            }

            lineStart = newline + 1;
        }

        return marks;
    }

    /// <summary>Whether <paramref name="line"/> is a step, and if so whether it is right.</summary>
    public static bool TryCheck(ReadOnlySpan<char> line, out bool correct)
    {
        correct = false;
        var equals = line.IndexOf('=');
        if (line.Length > MaxLineLength || equals < 0 || line[(equals + 1)..].Contains('='))
        {
            return false;
        }

        if (!ExpressionParser.TryParse(line[..equals], ParseOptions.Steps, out var expression, out _)
            || expression.OperationCount() == 0
            || !AnswerNumber.TryParse(line[(equals + 1)..], out var claimed))
        {
            return false;
        }

        correct = expression.TryEvaluate(out var value) && value == claimed;
        return true;
    }
}
