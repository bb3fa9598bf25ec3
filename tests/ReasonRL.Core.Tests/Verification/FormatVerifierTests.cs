using ReasonRL.Core.Records;
using ReasonRL.Core.Verification;

namespace ReasonRL.Core.Tests.Verification;

public class FormatVerifierTests
{
    [Theory]
    [InlineData(" <think>x</think> <answer>5</answer>", null)]
    [InlineData("<think></think><answer>5</answer>", null)]
    [InlineData(" <think>\nmulti\nline\n</think>\n<answer> any text at all </answer>\n", null)]
    [InlineData("<answer>5</answer>", "no <think>")]
    [InlineData(" <think>x</think>", "no <answer>")]
    [InlineData(" <think>x <answer>5</answer>", "no </think>")]
    [InlineData(" <think>x</think> <answer>5", "no </answer>")]
    [InlineData("hello <think>x</think> <answer>5</answer>", "text before <think>")]
    [InlineData(" <think>x</think> so <answer>5</answer>", "text between </think> and <answer>")]
    [InlineData(" <think>x</think> <answer>5</answer> done", "text after </answer>")]
    [InlineData(" <think>x</think> <answer>5</answer><answer>6</answer>", "<answer> appears 2 times")]
    [InlineData(" <think><think>x</think></think> <answer>5</answer>", "<think> appears 2 times")]
    [InlineData(" <think>x</think> <answer><answer>5</answer></answer>", "<answer> appears 2 times")]
    [InlineData("<answer>5</answer> <think>x</think>", "<answer> comes before </think>")]
    [InlineData("</think> <think>x <answer>5</answer>", "</think> comes before <think>")]
    [InlineData(" <think>x</think> <answer>  </answer>", "empty answer")]
    [InlineData("", "no <think>")]
    public void Scores_the_template_alone(string completion, string? problem)
    {
        var verdict = FormatVerifier.Check(completion);

        if (problem is null)
        {
            Assert.Equal((Outcome.Correct, 1.0), (verdict.Outcome, verdict.Reward));
        }
        else
        {
            Assert.Equal((Outcome.BadFormat, 0.0, problem), (verdict.Outcome, verdict.Reward, verdict.Detail));
        }
    }

    [Fact]
    public async Task A_wrong_answer_in_the_right_format_still_scores()
    {
        var problem = new Problem { Id = "x", Family = "arithmetic", Prompt = "1+1", Reference = default };

        var verdict = await new FormatVerifier().VerifyAsync(problem, " <think></think> <answer>three</answer>", CancellationToken.None);

        Assert.True(verdict.IsCorrect);
    }
}
