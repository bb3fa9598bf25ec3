using ReasonRL.Core.Records;
using ReasonRL.Core.Text;

namespace ReasonRL.Verifiers.Arithmetic.Tests;

public class ArithmeticVerifierTests
{
    private static readonly Core.Records.Problem Problem = TestProblems.Arithmetic("1000+234", "1234");

    [Theory]
    [InlineData(" <think>1000+234 = 1234</think> <answer>1234</answer>", Outcome.Correct)]
    [InlineData(" <think></think> <answer> 1234. </answer>", Outcome.Correct)]
    [InlineData("<answer>1,234</answer>", Outcome.Correct)]
    [InlineData("<answer>1234.0</answer>", Outcome.Correct)]
    [InlineData("<answer>2468/2</answer>", Outcome.Correct)]
    [InlineData("<answer>12,34</answer>", Outcome.Incorrect)]
    [InlineData("<answer>1234 apples</answer>", Outcome.Incorrect)]
    [InlineData("<answer>1233</answer>", Outcome.Incorrect)]
    [InlineData("<answer>1234 or 1235</answer>", Outcome.Incorrect)]
    [InlineData("<answer>1000+234</answer>", Outcome.Incorrect)]
    [InlineData("<answer></answer>", Outcome.Incorrect)]
    [InlineData("<answer>1233</answer> <answer>1234</answer>", Outcome.Correct)]
    [InlineData("<answer>1234</answer> <answer>1233</answer>", Outcome.Incorrect)]
    [InlineData("<answer>1234</answer><answer>99", Outcome.Correct)]
    [InlineData("<answer><answer>1234</answer></answer>", Outcome.Incorrect)]
    [InlineData("<ANSWER>1234</ANSWER>", Outcome.BadFormat)]
    [InlineData("1234", Outcome.BadFormat)]
    [InlineData("<answer>1234", Outcome.BadFormat)]
    [InlineData("1234</answer>", Outcome.BadFormat)]
    [InlineData("</answer>1234<answer>", Outcome.BadFormat)]
    [InlineData(" <think>the answer is <answer>1234</answer></think>", Outcome.Correct)]
    public void Tricky_completions(string completion, Outcome expected)
    {
        var verdict = ArithmeticVerifier.Verify(Problem, completion);

        Assert.Equal(expected, verdict.Outcome);
        Assert.Equal(expected == Outcome.Correct ? 1.0 : 0.0, verdict.Reward);
        Assert.False(string.IsNullOrEmpty(verdict.Detail));
    }

    [Fact]
    public void Fractional_references_accept_equal_decimals_and_fractions()
    {
        var problem = TestProblems.Arithmetic("7/2", "7/2");

        Assert.True(ArithmeticVerifier.Verify(problem, "<answer>3.5</answer>").IsCorrect);
        Assert.True(ArithmeticVerifier.Verify(problem, "<answer>14/4</answer>").IsCorrect);
        Assert.False(ArithmeticVerifier.Verify(problem, "<answer>3.50001</answer>").IsCorrect);
        Assert.False(ArithmeticVerifier.Verify(problem, "<answer>3</answer>").IsCorrect);
    }

    [Fact]
    public void Negative_references_accept_the_unicode_minus()
    {
        var problem = TestProblems.Arithmetic("3-10", "-7");

        Assert.True(ArithmeticVerifier.Verify(problem, "<answer>\u22127</answer>").IsCorrect);
        Assert.False(ArithmeticVerifier.Verify(problem, "<answer>7</answer>").IsCorrect);
    }

    [Fact]
    public void Steps_are_marked_even_when_the_answer_is_wrong_or_missing()
    {
        var wrong = ArithmeticVerifier.Verify(Problem, R1Template.Completion("1000+234 = 1234", "1235"));
        var missing = ArithmeticVerifier.Verify(Problem, " <think>1000+234 = 1243</think> 1234");

        Assert.Equal(Outcome.Incorrect, wrong.Outcome);
        Assert.Equal([true], wrong.Steps!.Select(s => s.Correct));
        Assert.Equal(Outcome.BadFormat, missing.Outcome);
        Assert.Equal([false], missing.Steps!.Select(s => s.Correct));
    }

    [Fact]
    public void A_broken_reference_is_an_error_not_a_reward()
    {
        var verdict = ArithmeticVerifier.Verify(TestProblems.Make("arithmetic", new { expression = "1+1" }), "<answer>2</answer>");

        Assert.Equal(Outcome.Error, verdict.Outcome);
        Assert.Equal(0.0, verdict.Reward);
    }

    public static TheoryData<string> Garbage => new()
    {
        "",
        "\0\0\0",
        new string('<', 10_000),
        string.Concat(Enumerable.Repeat("<answer>", 5_000)),
        string.Concat(Enumerable.Repeat("</answer>", 5_000)),
        string.Concat(Enumerable.Repeat("<think>1+1 = 2\n", 5_000)),
        " <think>" + string.Concat(Enumerable.Repeat("99999999*99999999 = 1\n", 20_000)) + "</think> <answer>1</answer>",
        " <think>" + new string('(', 150) + "1" + new string(')', 150) + " = 1</think><answer>" + new string('9', 100_000) + "</answer>",
        "<answer>\ud800\udc00\ud83d\ude00 \u202e1234</answer>",
        "<answer>\ud800</answer>",
        " <think>1/0 = 0\n0/0 = 1\n= = =\n1e999999 = 1</think> <answer>1/0</answer>",
        "<think><answer></think></answer><think>",
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_never_throws_and_is_never_correct(string completion)
    {
        var verdict = ArithmeticVerifier.Verify(Problem, completion);

        Assert.NotEqual(Outcome.Correct, verdict.Outcome);
        Assert.NotEqual(Outcome.Error, verdict.Outcome);
    }
}
