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
        var loss = PolicyLoss.ClippedSurrogate(Row(ratio), Row(advantage), low, high);

        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Theory]
    // π_θ, π_ref, estimator, expected: log r = ln(π_ref/π_θ); k1 = −log r, k2 = ½(log r)², k3 = r − log r − 1
    [InlineData(0.5, 0.25, KlEstimator.K3, 0.19314718)]  // 0.5 − ln 0.5 − 1
    [InlineData(0.25, 0.5, KlEstimator.K3, 0.30685282)]  // 2 − ln 2 − 1
    [InlineData(0.3, 0.3, KlEstimator.K3, 0.0)]
    [InlineData(0.5, 0.25, KlEstimator.K1, 0.69314718)]  // ln 2
    [InlineData(0.25, 0.5, KlEstimator.K1, -0.69314718)] // k1 can be negative
    [InlineData(0.5, 0.25, KlEstimator.K2, 0.24022651)]  // ½ (ln 2)²
    public void Each_kl_estimator_matches_hand_computed_values(double policy, double reference, KlEstimator estimator, double expected)
    {
        using var scope = NewDisposeScope();
        var kl = PolicyLoss.Kl(Row(Math.Log(policy)), Row(Math.Log(reference)), estimator);

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

        Assert.Equal(expected, LossAggregations.Reduce(perToken, mask, mode, maxCompletionLength: 5).item<float>(), 6);
    }

    [Fact]
    public void Truncated_importance_weights_are_the_probability_ratio_capped_at_c()
    {
        using var scope = NewDisposeScope();
        // π_old/π_sampler = 0.5, 1, 3 (capped at 2), and 1 on padding where both are 0.
        var weights = PolicyLoss.TruncatedImportanceWeights(Row(Math.Log(0.1), Math.Log(0.4), Math.Log(0.6), 0), Row(Math.Log(0.2), Math.Log(0.4), Math.Log(0.2), 0), cap: 2.0);

        Assert.Equal(new[] { 0.5f, 1f, 2f, 1f }, weights.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.False(weights.requires_grad);
    }

    [Fact]
    public void The_sequence_ratio_is_the_geometric_mean_of_the_token_ratios_with_each_tokens_own_gradient()
    {
        using var scope = NewDisposeScope();
        // Token ratios 2 and 0.5 on the masked tokens: the sequence ratio is √(2 · 0.5) = 1 on both; the third token is padding.
        var logProbs = Row(Math.Log(0.4), Math.Log(0.1), 0).requires_grad_();
        var old = Row(Math.Log(0.2), Math.Log(0.2), 0);
        var mask = Row(1, 1, 0);

        var ratio = PolicyLoss.LogRatio(logProbs, old, mask, RatioLevel.Sequence).exp();
        (ratio * mask).sum().backward();

        Assert.Equal(new[] { 1f, 1f }, ratio.detach()[0].narrow(0, 0, 2).data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
        // GSPO-token: ∂s_i,t/∂log π_θ(y_t) = s_i (= 1), and nothing flows through the detached sequence term.
        Assert.Equal(new[] { 1f, 1f, 0f }, logProbs.grad!.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void Clip_statistics_count_only_tokens_where_the_clip_removes_the_gradient()
    {
        using var scope = NewDisposeScope();
        // ratios 1.5 (Â>0: high-clipped), 1.5 (Â<0: not), 0.5 (Â<0: low-clipped), 0.5 (Â>0: not), 2.0 masked out.
        var ratio = Row(1.5, 1.5, 0.5, 0.5, 2.0);
        var advantages = Row(1, -1, -1, 1, 1);
        var mask = Row(1, 1, 1, 1, 0);

        var statistics = ClipStatistics.Of(ratio, advantages, mask, 0.2, 0.2);

        Assert.Equal(0.25, statistics.LowMean, 6);
        Assert.Equal(0.25, statistics.HighMean, 6);
        Assert.Equal(0.5, statistics.RegionMean, 6);
    }
}
