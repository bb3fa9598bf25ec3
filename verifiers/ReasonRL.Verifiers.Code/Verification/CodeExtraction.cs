using System.Text.RegularExpressions;
using ReasonRL.Core.Text;

namespace ReasonRL.Verifiers.Code.Verification;

/// <summary>
/// Where the program is in a completion: the answer (the last complete answer tag, as every verifier reads it, see
/// <see cref="R1Completion"/>), and in it the last fenced Python block (<c>```python</c>, <c>```py</c> or a bare
/// <c>```</c>), else the answer text itself.
/// </summary>
public static partial class CodeExtraction
{
    /// <summary>The content of the last complete answer tag, or null when there is none.</summary>
    public static string? Answer(string completion) => R1Completion.ExtractAnswer(completion);

    /// <summary>The program in an answer: its last fenced Python block, else the whole answer, trimmed.</summary>
    public static string Program(string answer)
    {
        var blocks = FencedBlock().Matches(answer);
        return blocks.Count > 0 ? blocks[^1].Groups["code"].Value.Trim('\n') : answer.Trim();
    }

    [GeneratedRegex(@"```(?:python3?|py)?[ \t]*\r?\n(?<code>.*?)```", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex FencedBlock();
}
