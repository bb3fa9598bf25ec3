using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;

namespace ReasonRL.Core.Tests.Tasks;

public class ProblemDrawerTests
{
    /// <summary>A family whose whole problem space is the numbers below <paramref name="space"/>.</summary>
    private static IEnumerable<Problem> Numbers(GenerationRequest request, int space = 1000) =>
        ProblemDrawer.Draw("numbers", request, [1, 2], (level, random) =>
        {
            var n = random.NextInt(space);
            return new ProblemCandidate($"numbers:{n}", $"Say {n}", new { n }, level);
        });

    [Fact]
    public void Ids_name_the_family_split_seed_and_index()
    {
        var problems = Numbers(new GenerationRequest(42, 3, Split: Split.Test)).ToList();

        Assert.Equal(["numbers-test-42-000000", "numbers-test-42-000001", "numbers-test-42-000002"], problems.Select(p => p.Id));
    }

    [Fact]
    public void Candidates_of_the_other_split_are_rejected_and_repeats_avoided()
    {
        var problems = Numbers(new GenerationRequest(1, 300)).ToList();

        Assert.All(problems, p => Assert.Equal(Split.Train, SplitAssignment.Of($"numbers:{p.Prompt[4..]}")));
        Assert.Equal(300, problems.Select(p => p.Prompt).Distinct().Count());
    }

    [Fact]
    public void A_small_problem_space_repeats_rather_than_stalls()
    {
        var problems = Numbers(new GenerationRequest(1, 50), space: 10).ToList();

        Assert.Equal(50, problems.Count);
        Assert.True(problems.Select(p => p.Prompt).Distinct().Count() <= 10);
    }

    [Fact]
    public void A_difficulty_the_family_lacks_is_a_user_error() =>
        Assert.Contains("difficulty 3 is not one of 1, 2", Assert.Throws<InputException>(() => Numbers(new GenerationRequest(1, 1, 3)).ToList()).Message, StringComparison.Ordinal);

    [Fact]
    public void Without_a_difficulty_levels_are_mixed_and_with_one_all_problems_have_it()
    {
        Assert.Equal([1, 2], Numbers(new GenerationRequest(1, 100)).Select(p => p.Difficulty).Distinct().Order());
        Assert.All(Numbers(new GenerationRequest(1, 100, 2)), p => Assert.Equal(2, p.Difficulty));
    }
}
