using ReasonRL.Core.Prm;
using ReasonRL.Core.Records;

namespace ReasonRL.Training.Prm;

/// <summary>
/// Where the steps of a completion end, as a process reward model reads it: the reasoning steps of the chosen
/// segmentation, then the answer as a last step ending with the text, so every completion has at least one step and
/// a PRM judges final answers too. Offsets are exclusive character ends into the completion, increasing.
/// </summary>
public static class SolutionSteps
{
    /// <summary>The key under which a PRM checkpoint records its segmentation (<c>config.json</c>: <c>reasonrl.process_reward</c>).</summary>
    public const string SegmentationSetting = "step_segmentation";

    /// <param name="verdict">The completion's verdict, whose step marks the <see cref="StepSegmentation.Verifier"/> segmentation uses.</param>
    public static int[] Ends(string completion, Verdict verdict, StepSegmentation segmentation)
    {
        IEnumerable<int> steps = segmentation switch
        {
            StepSegmentation.Verifier => (verdict.Steps ?? []).Select(m => m.End),
            StepSegmentation.Lines => ThinkingLines.Ends(completion),
            _ => throw new ArgumentOutOfRangeException(nameof(segmentation), segmentation, null),
        };

        // A step that ends with the text would coincide with the answer step.
        return [.. steps.Where(end => end < completion.Length), completion.Length];
    }
}
