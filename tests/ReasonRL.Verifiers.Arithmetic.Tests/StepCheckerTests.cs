using ReasonRL.Core.Records;
using ReasonRL.Core.Text;
using ReasonRL.Verifiers.Arithmetic.Steps;

namespace ReasonRL.Verifiers.Arithmetic.Tests;

public class StepCheckerTests
{
    [Fact]
    public void Each_step_line_is_marked_at_the_end_of_its_text()
    {
        var completion = R1Template.Completion("48*2 = 96\n37+96 = 133\n133-15 = 118", "118");

        var marks = StepChecker.Mark(R1Completion.Parse(completion))!;

        Assert.Equal(3, marks.Count);
        Assert.All(marks, m => Assert.True(m.Correct));
        Assert.Equal("48*2 = 96", completion[(completion.IndexOf("<think>", StringComparison.Ordinal) + 7)..marks[0].End]);
        Assert.Equal("\n37+96 = 133", completion[marks[0].End..marks[1].End]);
        Assert.Equal("\n133-15 = 118", completion[marks[1].End..marks[2].End]);
        Assert.Equal("</think>", completion.Substring(marks[2].End, 8));
    }

    [Fact]
    public void A_corrected_mistake_is_one_wrong_step_then_one_right_step()
    {
        var completion = R1Template.Completion("23+45 = 71\nWait, 23+45 is 68, not 71.\n23+45 = 68", "68");

        var marks = StepChecker.Mark(R1Completion.Parse(completion))!;

        Assert.Equal(new[] { false, true }, marks.Select(m => m.Correct));
        Assert.EndsWith("23+45 = 71", completion[..marks[0].End], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("48*2 = 96", true)]
    [InlineData("48 * 2 = 96", true)]
    [InlineData("  48*2=96  ", true)]
    [InlineData("48*2 = 96.", true)]
    [InlineData("1/3*3 = 1", true)]
    [InlineData("7/2 = 3.5", true)]
    [InlineData("7/2 = 7/2", true)]
    [InlineData("-3*2 = \u22126", true)]
    [InlineData("1000*2 = 2,000", true)]
    [InlineData("48*2 = 95", false)]
    [InlineData("7/2 = 3", false)]
    [InlineData("5/0 = 0", false)]
    public void Lines_shaped_expression_equals_number_are_steps(string line, bool correct)
    {
        Assert.True(StepChecker.TryCheck(line, out var isCorrect));
        Assert.Equal(correct, isCorrect);
    }

    [Theory]
    [InlineData("Wait, 23+45 is 68, not 71.")]
    [InlineData("1 = 1")]
    [InlineData("96 = 48*2")]
    [InlineData("x = 48*2")]
    [InlineData("48*2 = 96 = 96")]
    [InlineData("48*2 = 96 apples")]
    [InlineData("so 48*2 = 96")]
    [InlineData("")]
    [InlineData("=")]
    [InlineData("48*2 =")]
    public void Other_lines_are_not_steps(string line) =>
        Assert.False(StepChecker.TryCheck(line, out _));

    [Fact]
    public void Overlong_lines_are_not_read()
    {
        var line = string.Join('+', Enumerable.Repeat("1", 150)) + " = 150";

        Assert.False(StepChecker.TryCheck(line, out _));
    }

    [Fact]
    public void No_thinking_section_means_no_marks_and_an_empty_one_means_none_found()
    {
        Assert.Null(StepChecker.Mark(R1Completion.Parse("<answer>5</answer>")));
        Assert.Empty(StepChecker.Mark(R1Completion.Parse(R1Template.Completion("", "5")))!);
    }

    [Fact]
    public void Windows_line_endings_are_tolerated()
    {
        var marks = StepChecker.Mark(R1Completion.Parse(R1Template.Completion("2+2 = 4\r\n4*3 = 12", "12")))!;

        Assert.Equal(new[] { true, true }, marks.Select(m => m.Correct));
    }

    [Fact]
    public void Marks_are_in_increasing_order_and_inside_the_completion()
    {
        var completion = " <think>noise\n1+1 = 2\n\n\nmore noise 3\n2*5 = 11\n</think> <answer>10</answer>";

        var marks = StepChecker.Mark(R1Completion.Parse(completion))!;

        Assert.Equal(new[] { new StepMark(completion.IndexOf("1+1 = 2", StringComparison.Ordinal) + 7, true), new StepMark(completion.IndexOf("2*5 = 11", StringComparison.Ordinal) + 8, false) }, marks);
    }
}
