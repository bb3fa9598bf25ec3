using ReasonRL.Core.Evaluation;

namespace ReasonRL.Core.Tests.Evaluation;

public class MajorityVoteTests
{
    public static TheoryData<string?[], bool[], int, bool> Votes => new()
    {
        { ["5", "5", "7"], [true, true, false], 0, true },
        { ["7", "5", "5"], [false, true, true], 1, true },
        { ["7", "5"], [false, true], 0, false },                       // tie: the answer seen first wins
        { ["5", "7", "7", "5"], [true, false, false, true], 0, true }, // tie 2-2: "5" was seen first
        { ["7", "5", "5", "7"], [false, true, true, false], 0, false },
        { [null, null, "3"], [false, false, true], 2, true },          // no answer, no vote
        { [null, "4", null, "4", "9", "9", "9"], [false, false, false, false, true, true, true], 4, true },
        { [null, null], [false, false], -1, false },
        { [], [], -1, false },
    };

    [Theory]
    [MemberData(nameof(Votes))]
    public void The_most_common_answer_wins_and_ties_go_to_the_earliest(string?[] answers, bool[] correct, int winner, bool isCorrect)
    {
        Assert.Equal(winner, MajorityVote.Winner(answers));
        Assert.Equal(isCorrect, MajorityVote.IsCorrect(answers, correct));
    }
}
