using ReasonRL.Core.Records;

namespace ReasonRL.Core.Rl;

/// <summary>
/// Maps step marks, which verifiers place at character offsets of the completion text, onto the completion's
/// tokens, where process rewards are applied: a step ends in the token that holds its last character.
/// </summary>
public static class StepAlignment
{
    /// <param name="tokenCharacterEnds">
    /// For each completion token i, the number of completion characters covered by tokens 0..i (non-decreasing).
    /// For a character-level tokenizer this is i + 1.
    /// </param>
    /// <param name="steps">Step marks with exclusive character end offsets, in order.</param>
    /// <returns>For each step, the index of the token holding its last character; steps past the text end at the last token.</returns>
    public static int[] EndTokens(IReadOnlyList<int> tokenCharacterEnds, IReadOnlyList<StepMark> steps)
    {
        if (tokenCharacterEnds.Count == 0)
        {
            return [.. steps.Select(_ => 0)];
        }

        var ends = new int[steps.Count];
        var token = 0;
        for (var j = 0; j < steps.Count; j++)
        {
            var lastCharacter = Math.Max(0, steps[j].End - 1);
            if (j > 0 && steps[j].End < steps[j - 1].End)
            {
                throw new ArgumentException("step marks must be ordered by their end offsets", nameof(steps));
            }

            // The first token whose covered prefix includes the step's last character.
            while (token < tokenCharacterEnds.Count - 1 && tokenCharacterEnds[token] <= lastCharacter)
            {
                token++;
            }

            ends[j] = token;
        }

        return ends;
    }
}
