using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Training.Problems;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Training.Tests.Corpus;

public sealed class ProblemSourceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-problems-").FullName;
    private static readonly TaskFamilyRegistry Families = new([new AdditionFamily()]);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Training_problems_are_a_pure_function_of_seed_step_and_slot()
    {
        var source = new ProblemSource(new ProblemsSection { Families = [new FamilyMix { Family = "addition" }] }, Families);

        Assert.Equal(source.Training(1, 5, 3, 8).Prompt, source.Training(1, 5, 3, 8).Prompt);
        Assert.Equal("addition-train-000005-0003", source.Training(1, 5, 3, 8).Id);
        Assert.Equal(Split.Train, source.Training(1, 5, 3, 8).Split);
        var prompts = Enumerable.Range(0, 8).Select(slot => source.Training(1, 5, slot, 8).Prompt).Distinct().Count();
        Assert.True(prompts > 4);
    }

    [Fact]
    public void A_held_out_set_is_fixed_distinct_and_on_the_test_split()
    {
        var source = new ProblemSource(new ProblemsSection { Families = [new FamilyMix { Family = "addition", Difficulties = [2] }], Count = 50 }, Families);

        var set = source.HeldOut(9);

        Assert.Equal(50, set.Count);
        Assert.Equal(set.Select(p => p.Prompt), source.HeldOut(9).Select(p => p.Prompt));
        Assert.Equal(50, set.Select(p => p.Prompt).Distinct().Count());
        Assert.All(set, p => Assert.Equal(Split.Test, p.Split));
        Assert.Equal(50, set.Select(p => p.Id).Distinct().Count());
    }

    [Fact]
    public void Problems_from_a_file_cycle_through_the_file_in_seeded_order()
    {
        var path = Path.Combine(_folder, "p.jsonl");
        File.WriteAllLines(path, Enumerable.Range(0, 5).Select(i =>
            $"{{\"id\": \"p{i}\", \"family\": \"addition\", \"prompt\": \"{i}+0\", \"reference\": {{\"answer\": {i}}}}}"));
        var source = new ProblemSource(new ProblemsSection { File = path, Count = 0 }, Families);

        var firstEpoch = Enumerable.Range(0, 5).Select(slot => source.Training(3, 0, slot, 5).Id).ToList();

        Assert.Equal(["p0", "p1", "p2", "p3", "p4"], firstEpoch.Order());
        Assert.Equal(5, source.HeldOut(1).Count);
    }
}
