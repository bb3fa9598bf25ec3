using ReasonRL.Core.Evaluation;

namespace ReasonRL.Core.Tests.Evaluation;

public class RocAucTests
{
    [Fact]
    public void A_hand_counted_example_gives_the_share_of_correctly_ordered_pairs()
    {
        // Positives {0.35, 0.8}, negatives {0.1, 0.4}: of the 4 (positive, negative) pairs, 0.35 < 0.4 is the only
        // one ordered wrongly, so AUC = 3/4.
        Assert.Equal(0.75, RocAuc.Of([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 12);
    }

    [Fact]
    public void Tied_scores_count_one_half()
    {
        // Positives {0.5, 0.9}, negatives {0.5, 0.2}: pairs 0.5~0.5 (½), 0.5>0.2, 0.9>0.5, 0.9>0.2: 3.5/4.
        Assert.Equal(0.875, RocAuc.Of([0.5, 0.5, 0.2, 0.9], [true, false, false, true]), 12);
    }

    [Theory]
    [InlineData(new[] { 0.1, 0.2, 0.8, 0.9 }, 1.0)]
    [InlineData(new[] { 0.9, 0.8, 0.2, 0.1 }, 0.0)]
    [InlineData(new[] { 0.5, 0.5, 0.5, 0.5 }, 0.5)]
    public void Perfect_reversed_and_constant_scorers(double[] scores, double expected) =>
        Assert.Equal(expected, RocAuc.Of(scores, [false, false, true, true]), 12);

    [Fact]
    public void Without_both_classes_the_auc_is_undefined() =>
        Assert.True(double.IsNaN(RocAuc.Of([0.2, 0.7], [true, true])));
}
