using ReasonRL.Core.Prm;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Text;
using ReasonRL.Training.Prm;

namespace ReasonRL.Training.Tests.Prm;

/// <summary>
/// Labelled solutions with a trivially learnable labelling: the thinking section is a few lines of one digit each, a
/// line is "on track" when its digit is odd, and the answer step is always on track — so a PRM has only to read the
/// token that ends each step.
/// </summary>
internal static class ToyPrmData
{
    public static IReadOnlyList<PrmExample> Examples(int count, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var examples = new List<PrmExample>(count);
        for (var i = 0; i < count; i++)
        {
            var digits = Enumerable.Range(0, 1 + random.NextInt(4)).Select(_ => random.NextInt(10)).ToList();
            var completion = R1Template.Completion(string.Join('\n', digits), "1");
            int[] ends = [.. ThinkingLines.Ends(completion), completion.Length];
            double[] labels = [.. digits.Select(d => d % 2 == 1 ? 1.0 : 0.0), 1.0];
            examples.Add(new PrmExample($"toy-{i}", PrmSolutionSource.Rendered, R1Template.Prompt("1+1"), completion, ends, labels, Correct: true));
        }

        return examples;
    }
}
