using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;

namespace ReasonRL.Core.Tests.Randomness;

public class DeterministicRandomTests
{
    [Fact]
    public void The_same_seed_gives_the_same_sequence_and_another_seed_another()
    {
        var a = new DeterministicRandom(42);
        var b = new DeterministicRandom(42);
        var c = new DeterministicRandom(43);
        var first = Enumerable.Range(0, 16).Select(_ => a.NextUInt64()).ToList();

        Assert.Equal(first, Enumerable.Range(0, 16).Select(_ => b.NextUInt64()));
        Assert.NotEqual(first, Enumerable.Range(0, 16).Select(_ => c.NextUInt64()));
    }

    [Fact]
    public void Restoring_the_state_continues_the_exact_sequence()
    {
        var random = new DeterministicRandom(7);
        random.NextDouble();
        var restored = DeterministicRandom.FromState(random.State);

        Assert.Equal(
            Enumerable.Range(0, 8).Select(_ => random.NextInt(1000)),
            Enumerable.Range(0, 8).Select(_ => restored.NextInt(1000)));
    }

    [Fact]
    public void Bounded_integers_are_in_range_and_roughly_uniform()
    {
        var random = new DeterministicRandom(1);
        var counts = new int[6];
        for (var i = 0; i < 60_000; i++)
        {
            counts[random.NextInt(6)]++;
        }

        Assert.All(counts, count => Assert.InRange(count, 9_500, 10_500));
    }

    [Fact]
    public void Mixed_seeds_differ_in_every_argument()
    {
        var seeds = new HashSet<ulong>
        {
            SeedMixer.Mix(1, 0, 0), SeedMixer.Mix(1, 1, 0), SeedMixer.Mix(1, 0, 1), SeedMixer.Mix(2, 0, 0), SeedMixer.Mix(1, "a"), SeedMixer.Mix(1, "b"),
        };
        Assert.Equal(6, seeds.Count);
    }

    [Fact]
    public void The_held_out_share_of_problem_space_is_about_the_documented_fraction()
    {
        var held = Enumerable.Range(0, 20_000).Count(i => SplitAssignment.Of($"{i}+{i * 7}") == Split.Test);
        Assert.InRange(held / 20_000.0, SplitAssignment.TestFraction - 0.02, SplitAssignment.TestFraction + 0.02);
        Assert.Equal(SplitAssignment.Of("3+4"), SplitAssignment.Of("3+4"));
    }
}
