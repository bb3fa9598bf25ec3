using ReasonRL.Core.Prm;

namespace ReasonRL.Core.Tests.Prm;

public class ThinkingLinesTests
{
    [Fact]
    public void Every_non_empty_line_of_the_thinking_section_is_a_step_ending_with_its_text()
    {
        const string completion = " <think>48*2 = 96\n\n37+96 = 133  \nWait, 133 is right.\n</think> <answer>133</answer>";

        var ends = ThinkingLines.Ends(completion);

        int EndOf(string text) => completion.IndexOf(text, StringComparison.Ordinal) + text.Length;
        Assert.Equal([EndOf("48*2 = 96"), EndOf("37+96 = 133"), EndOf("Wait, 133 is right.")], ends);
    }

    [Theory]
    [InlineData(" <answer>5</answer>")]
    [InlineData(" <think>7+1 = 8")]
    [InlineData(" <think>\n  \n</think> <answer>5</answer>")]
    public void Without_a_closed_thinking_section_or_any_text_in_it_there_are_no_steps(string completion) =>
        Assert.Empty(ThinkingLines.Ends(completion));
}
