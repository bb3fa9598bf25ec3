using ReasonRL.Core.Randomness;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;

namespace ReasonRL.Core.Tests.Tasks;

public class WorkedSolutionTests
{
    private static readonly WorkedLine[] Lines = [new("2+3", " = ", "5"), new("5*4", " = ", "20")];

    private static string Write(SolutionStyle style, double rate, ulong seed = 1) =>
        WorkedSolution.Write([], Lines, "20", style, new SolutionOptions { MistakeRate = rate }, seed, (line, _) => line.Result + "1");

    [Fact]
    public void Direct_has_an_empty_thinking_section() =>
        Assert.Equal(" <think></think> <answer>20</answer>", Write(SolutionStyle.Direct, 0));

    [Fact]
    public void Steps_are_one_per_line() =>
        Assert.Equal(" <think>2+3 = 5\n5*4 = 20</think> <answer>20</answer>", Write(SolutionStyle.Steps, 0));

    [Fact]
    public void Every_step_mistaken_at_rate_one()
    {
        Assert.Equal(
            " <think>2+3 = 51\nWait, 2+3 is 5, not 51.\n2+3 = 5\n5*4 = 201\nWait, 5*4 is 20, not 201.\n5*4 = 20</think> <answer>20</answer>",
            Write(SolutionStyle.StepsWithVerification, 1));
    }

    [Fact]
    public void At_least_one_step_is_mistaken_at_rate_zero_and_the_choice_follows_the_seed()
    {
        var texts = Enumerable.Range(0, 20).Select(s => Write(SolutionStyle.StepsWithVerification, 0, (ulong)s)).ToList();

        Assert.All(texts, t => Assert.Single(t.Split("Wait, ")[1..]));
        Assert.Equal(2, texts.Distinct().Count());
        Assert.Equal(texts[3], Write(SolutionStyle.StepsWithVerification, 0, 3));
    }

    [Fact]
    public void The_mistake_rate_is_respected_on_average()
    {
        var random = new DeterministicRandom(9);

        var share = Enumerable.Range(0, 2000).SelectMany(_ => WorkedSolution.ChooseMistakes(10, 0.3, random)).Average(m => m ? 1.0 : 0.0);

        Assert.InRange(share, 0.27, 0.34);
    }

    private static string Check(double firstAnswerMistakeRate, ulong seed = 1, Func<DeterministicRandom, string>? wrongAnswer = null) =>
        WorkedSolution.Write(
            ["shift 3"], Lines, "20", SolutionStyle.AnswerThenCheck, new SolutionOptions { FirstAnswerMistakeRate = firstAnswerMistakeRate }, seed,
            (line, _) => line.Result + "1", new AnswerCheck("(2+3)*4", wrongAnswer ?? (_ => "21")));

    [Fact]
    public void A_wrong_first_answer_is_checked_step_by_step_and_corrected() =>
        Assert.Equal(
            " <think>21\nWait, rework (2+3)*4:\nshift 3\n2+3 = 5\n5*4 = 20\nit is 20, not 21.</think> <answer>20</answer>",
            Check(1));

    [Fact]
    public void A_right_first_answer_is_checked_and_confirmed() =>
        Assert.Equal(
            " <think>20\nWait, rework (2+3)*4:\nshift 3\n2+3 = 5\n5*4 = 20\nit is 20.</think> <answer>20</answer>",
            Check(0));

    [Fact]
    public void A_check_that_does_not_restate_the_question_starts_its_steps_at_once()
    {
        var text = WorkedSolution.Write(
            ["shift 3"], Lines, "20", SolutionStyle.AnswerThenCheck, new SolutionOptions { FirstAnswerMistakeRate = 1, CheckRestatesQuestion = false }, 1,
            (line, _) => line.Result + "1", new AnswerCheck("(2+3)*4", _ => "21"));

        Assert.Equal(" <think>21\nWait, rework:\nshift 3\n2+3 = 5\n5*4 = 20\nit is 20, not 21.</think> <answer>20</answer>", text);
        Assert.True(ReflectionDetector.Default.IsReflective(text));
    }

    [Fact]
    public void Every_checked_answer_reads_as_reflective_and_only_wrong_first_answers_are_corrected()
    {
        var texts = Enumerable.Range(0, 400).Select(s => Check(0.8, (ulong)s)).ToList();

        Assert.All(texts, t => Assert.True(ReflectionDetector.Default.IsReflective(t)));
        var corrected = texts.Count(t => t.Contains("it is 20, not 21.", StringComparison.Ordinal));
        Assert.Equal(texts.Count, corrected + texts.Count(t => t.Contains("it is 20.", StringComparison.Ordinal)));
        Assert.InRange(corrected / (double)texts.Count, 0.75, 0.85);
        Assert.Equal(texts[7], Check(0.8, 7));
    }

    [Fact]
    public void Answer_then_check_needs_a_wrong_answer_that_differs_from_the_right_one()
    {
        Assert.Throws<InvalidOperationException>(() => Check(1, wrongAnswer: _ => "20"));
        Assert.Throws<InvalidOperationException>(() =>
            WorkedSolution.Write([], Lines, "20", SolutionStyle.AnswerThenCheck, SolutionOptions.Default, 1, (line, _) => line.Result + "1"));
    }

    [Fact]
    public void A_preamble_comes_first_and_is_never_mistaken()
    {
        var text = WorkedSolution.Write(["shift 3"], Lines, "20", SolutionStyle.StepsWithVerification, new SolutionOptions { MistakeRate = 1 }, 1, (l, _) => "x");

        Assert.StartsWith(" <think>shift 3\n2+3 = x\n", text, StringComparison.Ordinal);
        Assert.True(ReflectionDetector.Default.IsReflective(text));
    }
}
