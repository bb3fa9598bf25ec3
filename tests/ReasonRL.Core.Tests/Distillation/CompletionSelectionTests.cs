using ReasonRL.Core.Distillation;

namespace ReasonRL.Core.Tests.Distillation;

public class CompletionSelectionTests
{
    /// <summary>
    /// Six samples of one prompt: 0 wrong (reward 0.5); 1 correct; 2 = 1 with other spacing; 3 wrong;
    /// 4 correct and different; 5 correct and shorter than 1 and 4 with the same reward.
    /// </summary>
    private static readonly Candidate[] Samples =
    [
        new(0, "<answer>7</answer> partial", 0.5, false),
        new(1, " <think>3+4 = 7</think> <answer>7</answer>", 1.0, true),
        new(2, "<think>3+4 =  7</think>\n<answer>7</answer>  ", 1.0, true),
        new(3, "<answer>8</answer>", 0.0, false),
        new(4, " <think>4+3 = 7</think> <answer>7</answer>", 1.0, true),
        new(5, "<answer>7</answer>", 1.0, true),
    ];

    [Fact]
    public void All_correct_keeps_every_correct_completion_once_after_whitespace_normalisation()
    {
        var selection = CompletionSelection.Select(Samples, KeepRule.AllCorrect);

        Assert.Equal([1, 4, 5], selection.Kept.Select(c => c.Sample));
        Assert.Equal(1, selection.DuplicatesRemoved);
    }

    [Fact]
    public void First_correct_keeps_the_earliest_correct_sample_whatever_the_input_order()
    {
        var selection = CompletionSelection.Select([.. Samples.Reverse()], KeepRule.FirstCorrect);

        Assert.Equal([1], selection.Kept.Select(c => c.Sample));
    }

    [Fact]
    public void Best_of_n_breaks_reward_ties_by_the_shorter_completion()
    {
        Assert.Equal([5], CompletionSelection.Select(Samples, KeepRule.BestOfN).Kept.Select(c => c.Sample));
    }

    [Fact]
    public void Best_of_n_breaks_ties_of_reward_and_length_by_the_earlier_sample()
    {
        Candidate[] twins = [new(3, "<answer>2</answer>", 1.0, true), new(1, "<answer>5</answer>", 1.0, true)];

        Assert.Equal([1], CompletionSelection.Select(twins, KeepRule.BestOfN).Kept.Select(c => c.Sample));
    }

    [Fact]
    public void Best_of_n_keeps_nothing_when_the_highest_reward_is_not_correct()
    {
        Candidate[] samples = [new(0, "close", 0.9, false), new(1, "no", 0.0, false)];

        Assert.Empty(CompletionSelection.Select(samples, KeepRule.BestOfN).Kept);
    }

    [Theory]
    [InlineData(KeepRule.AllCorrect)]
    [InlineData(KeepRule.BestOfN)]
    [InlineData(KeepRule.FirstCorrect)]
    public void No_rule_keeps_an_incorrect_completion(KeepRule rule)
    {
        Assert.All(CompletionSelection.Select(Samples, rule).Kept, c => Assert.True(c.Correct));
    }

    [Theory]
    [InlineData("  a \n\t b  ", "a b")]
    [InlineData("a\r\nb", "a b")]
    [InlineData("", "")]
    [InlineData("ab", "ab")]
    public void Whitespace_normalisation_trims_and_collapses_runs(string text, string expected)
    {
        Assert.Equal(expected, CompletionSelection.NormalizeWhitespace(text));
    }
}
