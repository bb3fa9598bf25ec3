using ReasonRL.Core.Evaluation;

namespace ReasonRL.Core.Tests.Evaluation;

public class EvaluationReportTests
{
    /// <summary>
    /// A: arithmetic d1, 4 samples (T, F, T, F), answers 1, 2, 1, 3, lengths 10..40, first one reflective.
    /// B: arithmetic d2, 2 samples (F, F), answers none and 9, lengths 5, 15.
    /// C: cipher d1, 3 samples (T, T, T), answer a, length 10 each, one reflective.
    /// </summary>
    private static List<ProblemTally> Problems()
    {
        var a = new ProblemTally("A", "arithmetic", 1, votes: 2);
        a.Add(true, "1", 10, true, false);
        a.Add(false, "2", 20, false, false);
        a.Add(true, "1", 30, false, false);
        a.Add(false, "3", 40, false, false);
        var b = new ProblemTally("B", "arithmetic", 2, votes: 2);
        b.Add(false, null, 5, false, true);
        b.Add(false, "9", 15, false, false);
        var c = new ProblemTally("C", "cipher", 1, votes: 2);
        c.Add(true, "a", 10, false, false);
        c.Add(true, "a", 10, true, false);
        c.Add(true, "a", 10, false, false);
        return [a, b, c];
    }

    [Fact]
    public void Overall_metrics_match_hand_computed_values()
    {
        var overall = EvaluationReport.Of(Problems(), k: 2).Overall;

        Assert.Equal((3, 9, 1), (overall.Problems, overall.Completions, overall.Errors));
        Assert.Equal((0.5 + 0 + 1) / 3, overall.PassAt1, 12);
        Assert.Equal((5.0 / 6 + 0 + 1) / 3, overall.PassAtK, 12); // A: 1 - C(2,2)/C(4,2) = 5/6
        Assert.Equal(2.0 / 3, overall.MajAtK, 12);                 // A: tie 1 vs 2, "1" first and correct; B: "9" wrong; C: "a"
        Assert.Equal(150.0 / 9, overall.MeanLength, 12);
        Assert.Equal(2.0 / 9, overall.ReflectionRate, 12);
        Assert.Equal(2.0 / 2, overall.ReflectivePassRate);      // A's first (right) and C's second (right)
        Assert.Equal(3.0 / 7, overall.NonReflectivePassRate);   // A: 1 of 3, B: 0 of 2, C: 2 of 2
    }

    [Fact]
    public void A_level_without_reflective_completions_has_no_reflective_pass_rate()
    {
        var report = EvaluationReport.Of(Problems(), k: 2);

        var twoOperations = report.Families[0].Difficulties[1].Metrics;
        Assert.Null(twoOperations.ReflectivePassRate);
        Assert.Equal(0.0, twoOperations.NonReflectivePassRate);
    }

    [Fact]
    public void Metrics_are_broken_down_by_family_and_difficulty()
    {
        var report = EvaluationReport.Of(Problems(), k: 2);

        Assert.Equal(["arithmetic", "cipher"], report.Families.Select(f => f.Family));
        var arithmetic = report.Families[0];
        Assert.Equal(0.25, arithmetic.Metrics.PassAt1, 12);
        Assert.Equal(5.0 / 12, arithmetic.Metrics.PassAtK, 12);
        Assert.Equal(0.5, arithmetic.Metrics.MajAtK, 12);
        Assert.Equal([1, 2], arithmetic.Difficulties.Select(d => d.Difficulty));
        Assert.Equal((1, 4, 0.5), (arithmetic.Difficulties[0].Metrics.Problems, arithmetic.Difficulties[0].Metrics.Completions, arithmetic.Difficulties[0].Metrics.PassAt1));
        Assert.Equal(20.0 / 2, arithmetic.Difficulties[1].Metrics.MeanLength, 12);
        Assert.Equal(1.0, report.Families[1].Metrics.PassAtK, 12);
    }

    [Fact]
    public void Only_the_first_k_answers_vote()
    {
        var tally = new ProblemTally("A", "f", 1, votes: 1);
        tally.Add(false, "wrong", 1, false, false);
        tally.Add(true, "right", 1, false, false);
        tally.Add(true, "right", 1, false, false);

        Assert.Equal(["wrong"], tally.VoteAnswers);
        Assert.Equal(0.0, EvaluationMetrics.Of([tally], 1).MajAtK);
    }
}
