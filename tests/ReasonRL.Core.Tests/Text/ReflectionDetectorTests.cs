using ReasonRL.Core.Text;

namespace ReasonRL.Core.Tests.Text;

public class ReflectionDetectorTests
{
    [Theory]
    [InlineData("Wait, 23+45 is 68, not 71.", true)]
    [InlineData("wait", true)]
    [InlineData("WAIT!", true)]
    [InlineData("so... wait. no.", true)]
    [InlineData("Let me check: 2+2 = 4", true)]
    [InlineData("LET ME   CHECK", true)]
    [InlineData("let me\ncheck", true)]
    [InlineData("I should recheck that", true)]
    [InlineData("re-check", true)]
    [InlineData("Double-check the sum", true)]
    [InlineData("on second thought, 5", true)]
    [InlineData("the waiter brought 3", false)]
    [InlineData("await the result", false)]
    [InlineData("wait_for", false)]
    [InlineData("waits", false)]
    [InlineData("let me see", false)]
    [InlineData("checking", false)]
    [InlineData("", false)]
    [InlineData(" <think>48*2 = 96</think> <answer>96</answer>", false)]
    public void Finds_self_verification_phrases_case_insensitively_and_word_bounded(string completion, bool expected) =>
        Assert.Equal(expected, ReflectionDetector.Default.IsReflective(completion));

    [Fact]
    public void The_rate_is_the_share_of_reflective_completions()
    {
        Assert.Equal(0.5, ReflectionDetector.Default.Rate(["Wait, no", "fine", "let me verify", "ok"]));
        Assert.Equal(0.0, ReflectionDetector.Default.Rate([]));
    }

    [Fact]
    public void Phrases_can_be_configured()
    {
        var detector = new ReflectionDetector(["hmm", "not quite"]);

        Assert.True(detector.IsReflective("Hmm, 5"));
        Assert.True(detector.IsReflective("that is NOT  quite right"));
        Assert.False(detector.IsReflective("Wait, 5"));
        Assert.True(new ReflectionDetector(["a.b"]).IsReflective("x a.b y"));
        Assert.False(new ReflectionDetector(["a.b"]).IsReflective("x axb y"));
        Assert.Throws<ArgumentException>(() => new ReflectionDetector([" "]));
    }
}
