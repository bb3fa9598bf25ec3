using ReasonRL.Core.Text;

namespace ReasonRL.Core.Tests.Text;

public class R1CompletionTests
{
    [Theory]
    [InlineData(" <think>x</think> <answer>5</answer>", "5")]
    [InlineData("<answer> 5 </answer>", " 5 ")]
    [InlineData("<answer></answer>", "")]
    [InlineData("<answer>1</answer> then <answer>2</answer>", "2")]
    [InlineData("<answer>1</answer><answer>2", "1")]
    [InlineData("<answer>1<answer>2</answer>", "1<answer>2")]
    [InlineData("<answer><answer>5</answer></answer>", "<answer>5")]
    [InlineData("<answer>a\nb</answer>", "a\nb")]
    [InlineData("<answer>5", null)]
    [InlineData("5</answer>", null)]
    [InlineData("</answer>5<answer>", null)]
    [InlineData("<ANSWER>5</ANSWER>", null)]
    [InlineData("", null)]
    public void The_answer_is_the_content_of_the_last_complete_answer_tag(string completion, string? expected) =>
        Assert.Equal(expected, R1Completion.ExtractAnswer(completion));

    [Fact]
    public void Offsets_point_into_the_completion()
    {
        var completion = R1Template.Completion("1+1 = 2", "2");

        var parsed = R1Completion.Parse(completion);

        Assert.Equal("1+1 = 2", completion.Substring(parsed.ThinkingStart, parsed.Thinking!.Length));
        Assert.Equal("2", completion.Substring(parsed.AnswerStart, parsed.Answer!.Length));
    }

    [Theory]
    [InlineData(" <think>a</think><think>b</think>", "a")]
    [InlineData("<think>a<think>b</think>", "a<think>b")]
    [InlineData("<think>never closed <answer>1</answer>", null)]
    [InlineData("</think>", null)]
    public void The_thinking_section_is_the_first_complete_think_tag(string completion, string? expected) =>
        Assert.Equal(expected, R1Completion.Parse(completion).Thinking);

    [Fact]
    public void The_template_round_trips()
    {
        var parsed = R1Completion.Parse(R1Template.Completion("steps\nhere", "42"));

        Assert.Equal(("steps\nhere", "42"), (parsed.Thinking, parsed.Answer));
        Assert.StartsWith("User: Compute 2+2\nAssistant:", R1Template.Prompt("Compute 2+2"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_completion_with_many_unclosed_tags_parses_in_linear_time()
    {
        var completion = string.Concat(Enumerable.Repeat("<answer>", 200_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Assert.Null(R1Completion.ExtractAnswer(completion));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }
}
