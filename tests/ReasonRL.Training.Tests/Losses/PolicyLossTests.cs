using ReasonRL.Training.Losses;
using static TorchSharp.torch;

namespace ReasonRL.Training.Tests.Losses;

public class PolicyLossTests
{
    private static Tensor Row(params double[] values) => tensor(values.Select(v => (float)v).ToArray()).unsqueeze(0);

    [Theory]
    // ratio, advantage, ε_low, ε_high, expected loss = −min(ρÂ, clip(ρ)Â)
    [InlineData(1.5, 1.0, 0.2, 0.2, -1.2)]   // gain capped at 1 + ε_high
    [InlineData(1.5, 1.0, 0.2, 0.28, -1.28)] // DAPO clip-higher raises the cap
    [InlineData(1.5, -1.0, 0.2, 0.2, 1.5)]   // a worse action: the unclipped (larger) penalty is kept
    [InlineData(0.5, 1.0, 0.2, 0.2, -0.5)]   // a better action made less likely: unclipped
    [InlineData(0.5, -1.0, 0.2, 0.2, 0.8)]   // reduced below 1 − ε_low: clipped
    [InlineData(1.0, 2.0, 0.2, 0.2, -2.0)]   // on-policy: −Â
    public void The_clipped_surrogate_matches_hand_computed_values(double ratio, double advantage, double low, double high, double expected)
    {
        using var scope = NewDisposeScope();
        var loss = PolicyLoss.ClippedSurrogate(Row(Math.Log(ratio)), Row(0.0), Row(advantage), low, high);

        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Theory]
    [InlineData(0.5, 0.25, 0.19314718)] // 0.5 − ln 0.5 − 1
    [InlineData(0.25, 0.5, 0.30685282)] // 2 − ln 2 − 1
    [InlineData(0.3, 0.3, 0.0)]
    public void The_k3_estimator_matches_hand_computed_values(double policy, double reference, double expected)
    {
        using var scope = NewDisposeScope();
        var kl = PolicyLoss.KlK3(Row(Math.Log(policy)), Row(Math.Log(reference)));

        Assert.Equal(expected, kl.item<float>(), 6);
    }

    [Theory]
    [InlineData(LossAggregation.Grpo, 3.0)]   // (6/3 + 4/1) / 2
    [InlineData(LossAggregation.Dapo, 2.5)]   // 10 / 4 tokens
    [InlineData(LossAggregation.DrGrpo, 1.0)] // 10 / (2 completions × max length 5)
    public void Each_aggregation_mode_reduces_the_masked_tokens_as_its_paper_says(LossAggregation mode, double expected)
    {
        using var scope = NewDisposeScope();
        var perToken = tensor(new float[] { 1, 2, 3, 4, 99, 99 }).reshape(2, 3);
        var mask = tensor(new float[] { 1, 1, 1, 1, 0, 0 }).reshape(2, 3);

        Assert.Equal(expected, PolicyLoss.Aggregate(perToken, mask, mode, maxCompletionLength: 5).item<float>(), 6);
    }

    [Fact]
    public void Clip_statistics_count_only_tokens_where_the_clip_removes_the_gradient()
    {
        using var scope = NewDisposeScope();
        // ratios 1.5 (Â>0: high-clipped), 1.5 (Â<0: not), 0.5 (Â<0: low-clipped), 0.5 (Â>0: not), 2.0 masked out.
        var logProbs = Row(Math.Log(1.5), Math.Log(1.5), Math.Log(0.5), Math.Log(0.5), Math.Log(2.0));
        var advantages = Row(1, -1, -1, 1, 1);
        var mask = Row(1, 1, 1, 1, 0);

        var statistics = ClipStatistics.Of(logProbs, zeros_like(logProbs), advantages, mask, 0.2, 0.2);

        Assert.Equal(0.25, statistics.LowMean, 6);
        Assert.Equal(0.25, statistics.HighMean, 6);
        Assert.Equal(0.5, statistics.RegionMean, 6);
    }
}
