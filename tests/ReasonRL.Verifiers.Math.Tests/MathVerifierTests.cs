using System.Text.Json;
using ReasonRL.Core.Records;

namespace ReasonRL.Verifiers.Math.Tests;

public sealed class MathVerifierTests
{
    private static Problem ProblemWith(string json) => new()
    {
        Id = "p",
        Family = "dataset",
        Prompt = "Tom has 7 pens and gets 3 more. How many pens does Tom have?",
        Reference = JsonDocument.Parse(json).RootElement,
    };

    [Fact]
    public void The_last_answer_tag_is_the_answer_even_when_the_thinking_has_other_numbers()
    {
        var verifier = new MathVerifier();
        var problem = ProblemWith("""{"answer": "10"}""");

        Assert.Equal(Outcome.Correct, verifier.Verify(problem, " <think>7+3 = 10, not 11</think> <answer>10</answer>").Outcome);
        Assert.Equal(Outcome.Incorrect, verifier.Verify(problem, " <think>7+3 = 10</think> <answer>11</answer>").Outcome);
    }

    [Fact]
    public void Without_a_tag_the_last_box_then_the_last_number_answers()
    {
        var verifier = new MathVerifier();
        var problem = ProblemWith("""{"answer": "10"}""");

        Assert.True(verifier.Verify(problem, "7+3 gives \\boxed{10}, which is more than 9").IsCorrect);
        Assert.True(verifier.Verify(problem, "7 and 3 make 10").IsCorrect);
        Assert.False(verifier.Verify(problem, "10 is wrong, it is 11").IsCorrect);
    }

    [Fact]
    public void A_completion_with_no_answer_at_all_is_bad_format()
    {
        var verdict = new MathVerifier().Verify(ProblemWith("""{"answer": "10"}"""), "I do not know");

        Assert.Equal((Outcome.BadFormat, 0.0), (verdict.Outcome, verdict.Reward));
    }

    [Theory]
    [InlineData("""{"solution": "10"}""")]
    [InlineData("""{"answer": 10}""")]
    public void A_reference_without_a_string_answer_is_an_error_never_a_reward(string reference)
    {
        var verdict = new MathVerifier().Verify(ProblemWith(reference), "<answer>10</answer>");

        Assert.Equal((Outcome.Error, 0.0), (verdict.Outcome, verdict.Reward));
    }

    [Fact]
    public void Gsm8k_and_math_gold_answers_are_read_as_written()
    {
        var verifier = new MathVerifier();

        Assert.True(verifier.Verify(ProblemWith("""{"answer": "#### 1,000"}"""), "<answer>1000</answer>").IsCorrect);
        Assert.True(verifier.Verify(ProblemWith("""{"answer": "\\boxed{\\frac{1}{2}}"}"""), "<answer>0.5</answer>").IsCorrect);
    }

    [Fact]
    public void A_check_past_its_time_limit_is_an_error_flagged_timeout()
    {
        var verdict = new MathVerifier(timeLimit: TimeSpan.Zero).Compare("\\frac{1}{2}", "the answer is $\\boxed{\\frac{2}{4}}$");

        Assert.Equal((Outcome.Error, 0.0), (verdict.Outcome, verdict.Reward));
        Assert.Contains(ReasonRL.Core.Records.VerdictFlags.Timeout, verdict.Flags);
    }

    [Fact]
    public void A_long_hostile_completion_ends_within_the_time_limit_with_a_verdict()
    {
        var completion = string.Concat(Enumerable.Repeat("$\\frac{1}{2^{2^{2^{2}}}} and \\boxed{", 400)) + string.Concat(Enumerable.Repeat("(", 2000));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var verdict = new MathVerifier(timeLimit: TimeSpan.FromSeconds(1)).Compare("1", completion);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.False(verdict.IsCorrect);
    }

    [Fact]
    public void Verdicts_are_deterministic()
    {
        var verifier = new MathVerifier();
        var first = verifier.Compare("$x^2 - 1$", "$(x-1)(x+1)$");
        var again = verifier.Compare("$x^2 - 1$", "$(x-1)(x+1)$");

        Assert.Equal(first, again);
        Assert.True(first.IsCorrect);
    }
}
