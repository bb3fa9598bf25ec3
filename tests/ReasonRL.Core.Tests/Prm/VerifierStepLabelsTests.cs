using ReasonRL.Core.Prm;
using ReasonRL.Core.Records;
using ReasonRL.Core.Rl;

namespace ReasonRL.Core.Tests.Prm;

public class VerifierStepLabelsTests
{
    private static readonly StepMark[] Marks = [new(10, true), new(20, false), new(30, true)];

    [Theory]
    // On track: correct, wrong, then lost for good — the answer too, although it checks as right (a self-correction).
    [InlineData(AfterFirstError.Incorrect, true, new[] { 1.0, 0.0, 0.0, 0.0 })]
    // As judged: each step by its own check, the answer by the verdict.
    [InlineData(AfterFirstError.AsJudged, true, new[] { 1.0, 0.0, 1.0, 1.0 })]
    [InlineData(AfterFirstError.AsJudged, false, new[] { 1.0, 0.0, 1.0, 0.0 })]
    public void Step_marks_and_the_answer_become_one_label_each(AfterFirstError rule, bool answerCorrect, double[] expected) =>
        Assert.Equal(expected, VerifierStepLabels.Of(Marks, answerCorrect, rule));

    [Fact]
    public void A_wrong_answer_after_correct_steps_is_the_first_error() =>
        Assert.Equal([1.0, 1.0, 0.0], VerifierStepLabels.Of([new StepMark(5, true), new StepMark(9, true)], answerCorrect: false, AfterFirstError.Incorrect));

    [Fact]
    public void A_direct_answer_is_one_step() =>
        Assert.Equal([1.0], VerifierStepLabels.Of([], answerCorrect: true, AfterFirstError.Incorrect));
}
