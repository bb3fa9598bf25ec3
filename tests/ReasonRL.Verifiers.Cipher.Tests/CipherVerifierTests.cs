using ReasonRL.Core.Records;
using ReasonRL.Core.Text;

namespace ReasonRL.Verifiers.Cipher.Tests;

public class CipherVerifierTests
{
    [Theory]
    [InlineData("<answer>hello world</answer>", Outcome.Correct, 1.0)]
    [InlineData("<answer>Hello World</answer>", Outcome.Correct, 1.0)]
    [InlineData("<answer>  HELLO \n\t  world  </answer>", Outcome.Correct, 1.0)]
    [InlineData(" <think>khoor -> hello</think> <answer>hello world</answer>", Outcome.Correct, 1.0)]
    [InlineData("<answer>hello world.</answer>", Outcome.Incorrect, 11.0 / 12)]
    [InlineData("<answer>hello worle</answer>", Outcome.Incorrect, 10.0 / 11)]
    [InlineData("<answer>hello</answer>", Outcome.Incorrect, 5.0 / 11)]
    [InlineData("<answer>helloworld</answer>", Outcome.Incorrect, 5.0 / 11)]
    [InlineData("<answer>hello world world</answer>", Outcome.Incorrect, 11.0 / 17)]
    [InlineData("<answer>khoor zruog</answer>", Outcome.Incorrect, 1.0 / 11)]
    [InlineData("<answer></answer>", Outcome.Incorrect, 0.0)]
    [InlineData("<answer>hellö world</answer>", Outcome.Incorrect, 10.0 / 11)]
    [InlineData("<answer>hello world</answer><answer>hello worle</answer>", Outcome.Incorrect, 10.0 / 11)]
    [InlineData("<answer>hello worle</answer><answer>hello world</answer>", Outcome.Correct, 1.0)]
    [InlineData("<answer>hello world", Outcome.BadFormat, 0.0)]
    [InlineData("hello world", Outcome.BadFormat, 0.0)]
    public void Near_misses_and_format_edge_cases(string completion, Outcome outcome, double partial)
    {
        var verdict = CipherVerifier.Verify(TestProblems.HelloWorld, completion);
        var partialVerdict = CipherPartialVerifier.Verify(TestProblems.HelloWorld, completion);

        Assert.Equal(outcome, verdict.Outcome);
        Assert.Equal(outcome == Outcome.Correct ? 1.0 : 0.0, verdict.Reward);
        Assert.Equal(outcome, partialVerdict.Outcome);
        Assert.Equal(partial, partialVerdict.Reward, 12);
    }

    [Fact]
    public void A_near_miss_says_how_many_characters_were_right() =>
        Assert.Equal("10 of 11 characters right", CipherVerifier.Verify(TestProblems.HelloWorld, "<answer>hello worle</answer>").Detail);

    [Fact]
    public void A_reference_without_plaintext_is_an_error()
    {
        var problem = TestProblems.Make(new { ciphertext = "khoor" });

        Assert.Equal(Outcome.Error, CipherVerifier.Verify(problem, "<answer>hello</answer>").Outcome);
        Assert.Equal(Outcome.Error, CipherPartialVerifier.Verify(problem, "<answer>hello</answer>").Outcome);
    }

    public static TheoryData<string> Garbage => new()
    {
        "",
        new string('<', 100_000),
        string.Concat(Enumerable.Repeat("<answer>", 10_000)),
        "<answer>" + new string('x', 1_000_000) + "</answer>",
        "<answer>\ud83d\ude00\u0301\u202e</answer>",
        "<answer>\ud800</answer>",
        R1Template.Completion("<answer>", "</answer>"),
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public void Garbage_never_throws_and_is_never_correct(string completion)
    {
        Assert.NotEqual(Outcome.Correct, CipherVerifier.Verify(TestProblems.HelloWorld, completion).Outcome);
        Assert.InRange(CipherPartialVerifier.Verify(TestProblems.HelloWorld, completion).Reward, 0.0, 0.99);
    }
}
