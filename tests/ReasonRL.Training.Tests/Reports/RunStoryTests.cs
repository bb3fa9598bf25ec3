using ReasonRL.Core.Records;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Reports;

namespace ReasonRL.Training.Tests.Reports;

public sealed class RunStoryTests
{
    private static SummaryStage Stage(string name, Dictionary<string, double> numbers) => new(name, null, [], 1, numbers);

    [Fact]
    public void Without_held_out_numbers_a_stage_tells_how_its_training_metric_moved_between_its_first_and_last_tenth()
    {
        var folder = Directory.CreateTempSubdirectory("reasonrl-story-").FullName;
        try
        {
            using (var metrics = new MetricsWriter(Path.Combine(folder, "metrics.jsonl"), Path.Combine(folder, "tb"), null))
            {
                for (var step = 1; step <= 20; step++)
                {
                    metrics.Write(step, new Dictionary<string, double> { ["loss"] = 2.0 / step });
                }
            }

            var finding = RunStory.Of("run", [Stage("pretrain", [])], new Dictionary<string, string> { ["pretrain"] = folder }, double.NaN);

            // First tenth: steps 1–2 (2.0, 1.0) → 1.5; last tenth: steps 19–20 (0.1053, 0.1) → 0.1026.
            Assert.Equal("pretrain: loss 1.5 → 0.103 over 20 logged steps.", finding.Sentence());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, 3 }, true, 1.0)]
    [InlineData(new[] { 1.0, 2, 3 }, false, 3.0)]
    [InlineData(new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 }, false, 19.5)]
    public void Edge_means_average_a_tenth_of_the_curve(double[] values, bool fromStart, double expected) =>
        Assert.Equal(expected, RunStory.EdgeMean(values, fromStart), 9);

    [Fact]
    public void A_single_evaluation_is_named_without_an_arrow()
    {
        var finding = RunStory.Of("run", [Stage("eval", new() { ["pass@1"] = 0.25, ["pass@4"] = 0.5 })], new Dictionary<string, string>(), 65);

        Assert.Equal("held-out pass@1 25.0% (eval); 1 min 05 s.", finding.Sentence());
    }

    [Fact]
    public void Sample_steps_are_marked_with_their_verdicts_and_the_text_is_escaped()
    {
        var html = SampleCards.MarkedCompletion("3+4=7\n7-2=6\n<answer>6</answer>", [new StepMark(6, true), new StepMark(12, false), new StepMark(999, true)]);

        Assert.Equal(
            "<span class=\"step ok\" title=\"step 1: correct\">3+4=7\n</span><sup class=\"mark ok\">1✓</sup>"
            + "<span class=\"step bad\" title=\"step 2: wrong\">7-2=6\n</span><sup class=\"mark bad\">2✗</sup>"
            + "<span class=\"step ok\" title=\"step 3: correct\">&lt;answer&gt;6&lt;/answer&gt;</span><sup class=\"mark ok\">3✓</sup>",
            html);
    }

    [Fact]
    public void A_card_shows_outcome_reward_and_flags()
    {
        var card = SampleCards.Card(new SampleRecord(7, "p-1", "Q", "A", 0.1, new Verdict(0.1, Outcome.BadFormat, ["no_answer_tag"])));

        Assert.Contains("<span class=\"badge bad\">bad_format</span> reward 0.1", card, StringComparison.Ordinal);
        Assert.Contains("<span class=\"chip\">no_answer_tag</span>", card, StringComparison.Ordinal);
    }
}
