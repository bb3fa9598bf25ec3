using ReasonRL.Core.Records;
using ReasonRL.Core.Rl;

namespace ReasonRL.Core.Prm;

/// <summary>
/// Step labels for a process reward model from a step-checking verifier's verdict: one label per step mark, then
/// one for the answer, which counts as the solution's last step (as in <c>VerifiedStepRewards</c>), so the model also
/// learns to judge final answers and solutions without worked steps.
/// </summary>
/// <remarks>
/// With <see cref="AfterFirstError.Incorrect"/> (the default of the <c>prm</c> stage) a step is on track when it and
/// every earlier step are correct — the quantity a PRM predicts (Lightman et al., arXiv 2305.20050, §2: a solution is
/// on track until its first mistake; Math-Shepherd's Monte-Carlo label estimates the same thing) — and in arithmetic
/// a wrong intermediate result is carried into every later line, whose own check then passes although the solution is
/// lost. With <see cref="AfterFirstError.AsJudged"/> each step is labelled by its own check, which credits a step that
/// repairs an earlier mistake ("Wait, 23+45 is 68, not 71.") but also a correct operation on a wrong value.
/// </remarks>
public static class VerifierStepLabels
{
    /// <returns>Per step mark and then the answer: 1 on track, 0 not.</returns>
    public static double[] Of(IReadOnlyList<StepMark> marks, bool answerCorrect, AfterFirstError rule)
    {
        var correct = marks.Select(m => m.Correct).Append(answerCorrect).ToList();
        return new StepRewardScheme(StepRewardValues.ZeroOne, rule).Rewards(correct);
    }
}
