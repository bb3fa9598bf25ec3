using ReasonRL.Core.Records;
using ReasonRL.Core.Rl;

namespace ReasonRL.Core.Tests.Rl;

public class StepAlignmentTests
{
    [Fact]
    public void With_one_character_per_token_a_step_ends_at_the_token_of_its_last_character()
    {
        // "1+1 = 2\n2+2 = 4" : steps end (exclusive) at 7 and 15 → last characters 6 and 14.
        var ends = StepAlignment.EndTokens([.. Enumerable.Range(1, 15)], [new StepMark(7, true), new StepMark(15, false)]);

        Assert.Equal([6, 14], ends);
    }

    [Fact]
    public void With_multi_character_tokens_a_step_ends_in_the_token_that_contains_its_last_character()
    {
        // Tokens cover characters [0,3) [3,7) [7,8) [8,12): a step ending at 7 ends in token 1; at 8 in token 2; at 10 in token 3.
        var ends = StepAlignment.EndTokens([3, 7, 8, 12], [new StepMark(7, true), new StepMark(8, true), new StepMark(10, true)]);

        Assert.Equal([1, 2, 3], ends);
    }

    [Fact]
    public void A_step_past_the_text_ends_at_the_last_token() =>
        Assert.Equal([2], StepAlignment.EndTokens([1, 2, 3], [new StepMark(40, true)]));
}
