using ReasonRL.Core.Evaluation;
using ReasonRL.Core.Randomness;

namespace ReasonRL.Core.Tests.Evaluation;

public class TestTimeScalingTests
{
    // Three samples scored 0.9 (wrong), 0.5 (right), 0.1 (right). k = 1: 2/3. k = 2: of {0,1}, {0,2}, {1,2} only the
    // last leaves the right 0.5 on top: 1/3. k = 3: the wrong 0.9 always wins: 0.
    [Theory]
    [InlineData(1, 2.0 / 3)]
    [InlineData(2, 1.0 / 3)]
    [InlineData(3, 0.0)]
    public void Best_of_k_matches_a_hand_computed_table(int k, double expected) =>
        Assert.Equal(expected, BestOfK.Expected([0.9, 0.5, 0.1], [false, true, true], k), 12);

    [Fact]
    public void Best_of_k_breaks_ties_uniformly()
    {
        // Two samples tied at the top, one right: whichever subset, the pick is a coin flip between them when both are drawn.
        Assert.Equal(0.5, BestOfK.Expected([0.7, 0.7], [true, false], 2), 12);
        // {0.7 right, 0.7 wrong, 0.2 right}, k = 2: {0,1} → ½, {0,2} → 1, {1,2} → 0; mean ½.
        Assert.Equal(0.5, BestOfK.Expected([0.7, 0.7, 0.2], [true, false, true], 2), 12);
    }

    [Fact]
    public void Best_of_k_equals_enumerating_every_subset_on_random_inputs()
    {
        var random = new DeterministicRandom(5);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = random.NextInt(1, 9);
            // Scores from a few levels so that ties happen.
            var scores = Enumerable.Range(0, n).Select(_ => random.NextInt(4) / 4.0).ToArray();
            var correct = Enumerable.Range(0, n).Select(_ => random.NextBool(0.5)).ToArray();
            for (var k = 1; k <= n; k++)
            {
                Assert.Equal(BestOfKByEnumeration(scores, correct, k), BestOfK.Expected(scores, correct, k), 10);
            }
        }
    }

    // Answers A (right), A, B (wrong), none. k = 1: 2/4 (the unanswered sample never wins). k = 2, six pairs: {A,A} 1,
    // {A,B} ½ twice, {A,-} 1 twice, {B,-} 0: 4/6. k = 3: {A,A,B} 1, {A,A,-} 1, {A,B,-} ½ twice: 3/4. k = 4: 1.
    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 4.0 / 6)]
    [InlineData(3, 0.75)]
    [InlineData(4, 1.0)]
    public void Majority_at_k_matches_a_hand_computed_table(int k, double expected) =>
        Assert.Equal(expected, MajorityAtK.Expected(["A", "A", "B", null], [true, true, false, false], k, draws: 100, seed: 1), 12);

    [Fact]
    public void Majority_at_k_sampled_agrees_with_enumeration_and_is_reproducible()
    {
        var random = new DeterministicRandom(9);
        var answers = Enumerable.Range(0, 16).Select(_ => random.NextInt(4) is var a && a == 3 ? null : ((char)('A' + a)).ToString()).ToArray();
        var correct = answers.Select(a => a == "A").ToArray();
        var exact = MajorityAtK.Expected(answers, correct, 5, draws: 10_000, seed: 1); // C(16,5) = 4368 ≤ 10,000: every subset
        var sampled = MajorityAtK.Expected(answers, correct, 5, draws: 2_000, seed: 3);

        Assert.Equal(exact, MajorityByEnumeration(answers, correct, 5), 12);
        Assert.InRange(sampled, exact - 0.04, exact + 0.04);
        Assert.Equal(sampled, MajorityAtK.Expected(answers, correct, 5, draws: 2_000, seed: 3));
        Assert.NotEqual(sampled, MajorityAtK.Expected(answers, correct, 5, draws: 2_000, seed: 4));
    }

    [Fact]
    public void The_curve_averages_over_problems_at_each_k()
    {
        ProblemSamples[] problems =
        [
            new([false, true, true], ["1", "2", "2"], [0.9, 0.5, 0.1]),
            new([true, true, true], ["7", "7", "7"], [0.2, 0.3, 0.4]),
        ];

        var curve = TestTimeScaling.Curve(problems, [1, 3], seed: 1);

        Assert.Equal([1, 3], curve.Select(p => p.K));
        Assert.Equal((2.0 / 3 + 1) / 2, curve[0].PassAtK, 12);
        Assert.Equal((2.0 / 3 + 1) / 2, curve[0].MajAtK, 12);
        Assert.Equal((2.0 / 3 + 1) / 2, curve[0].BestOfK!.Value, 12);
        Assert.Equal(1.0, curve[1].PassAtK, 12);
        Assert.Equal(1.0, curve[1].MajAtK, 12); // "2" outvotes "1"
        Assert.Equal(0.5, curve[1].BestOfK!.Value, 12); // the wrong 0.9 is chosen in the first problem
    }

    [Fact]
    public void Without_scores_the_curve_has_no_best_of_k() =>
        Assert.Null(TestTimeScaling.Curve([new ProblemSamples([true], ["1"], null)], [1], seed: 1)[0].BestOfK);

    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(8, new[] { 1, 2, 4, 8 })]
    [InlineData(12, new[] { 1, 2, 4, 8, 12 })]
    public void Default_ks_are_powers_of_two_and_n(int n, int[] expected) =>
        Assert.Equal(expected, TestTimeScaling.DefaultKs(n));

    [Theory]
    [InlineData(5, 2, 10)]
    [InlineData(6, 6, 1)]
    [InlineData(9, 4, 126)]
    public void Subsets_are_enumerated_once_each(int n, int k, long count)
    {
        var subsets = MajorityAtK.AllSubsets(n, k).Select(s => string.Join(",", s)).ToList();

        Assert.Equal(count, MajorityAtK.Subsets(n, k));
        Assert.Equal(count, subsets.Count);
        Assert.Equal(count, subsets.Distinct().Count());
    }

    private static double BestOfKByEnumeration(double[] scores, bool[] correct, int k)
    {
        var total = 0.0;
        var subsets = MajorityAtK.AllSubsets(scores.Length, k).ToList();
        foreach (var subset in subsets)
        {
            var top = subset.Max(i => scores[i]);
            var tied = subset.Where(i => scores[i] == top).ToList();
            total += (double)tied.Count(i => correct[i]) / tied.Count;
        }

        return total / subsets.Count;
    }

    private static double MajorityByEnumeration(string?[] answers, bool[] correct, int k)
    {
        var total = 0.0;
        var count = 0;
        foreach (var subset in MajorityAtK.AllSubsets(answers.Length, k))
        {
            var counts = subset.Where(i => answers[i] is not null).GroupBy(i => answers[i]!).Select(g => (g.Count(), correct[g.First()])).ToList();
            if (counts.Count > 0)
            {
                var best = counts.Max(c => c.Item1);
                var winners = counts.Where(c => c.Item1 == best).ToList();
                total += (double)winners.Count(w => w.Item2) / winners.Count;
            }

            count++;
        }

        return total / count;
    }
}
