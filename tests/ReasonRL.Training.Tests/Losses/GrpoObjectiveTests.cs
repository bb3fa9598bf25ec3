using ReasonRL.Training.Losses;
using static TorchSharp.torch;

namespace ReasonRL.Training.Tests.Losses;

/// <summary>The whole GRPO objective of one minibatch against values worked out by hand.</summary>
public class GrpoObjectiveTests
{
    private static Tensor Rows(params double[][] rows) => tensor(rows.SelectMany(r => r).Select(v => (float)v).ToArray()).reshape(rows.Length, rows[0].Length);

    // Two completions, ε = 0.2, β = 0.1, k3. Row 0 has two tokens, row 1 one token and one of padding.
    //   row 0: π_θ = (0.5, 0.2), π_old = (0.4, 0.2) → ρ = (1.25, 1);  Â = +1;  w = (1, 0.5);  π_ref = (0.5, 0.4)
    //   row 1: π_θ = 0.35,       π_old = 0.5        → ρ = 0.7;        Â = −1;  w = 2;         π_ref = 0.2
    // Policy term −w·min(ρÂ, clip(ρ)Â):
    //   (0,0): min(1.25, 1.2) = 1.2 → −1.2;   (0,1): min(1, 1) = 1 → −0.5·1 = −0.5;   (1,0): min(−0.7, −0.8) = −0.8 → +2·0.8 = 1.6
    // k3 with r = π_ref/π_θ, r − ln r − 1:  (0,0): r = 1 → 0;  (0,1): r = 2 → 1 − ln 2 = 0.3068528;  (1,0): r = 4/7 → 0.1310444
    // Per token ℓ = policy + 0.1·KL: −1.2, −0.4693147, 1.6131044
    //   grpo:  ((−1.2 − 0.4693147)/2 + 1.6131044)/2 = 0.3892235
    //   dapo:  (−1.2 − 0.4693147 + 1.6131044)/3 = −0.0187368
    //   GSPO (sequence ratio, grpo): row 0 s = √1.25 = 1.1180340 within the clip range → ℓ = (−1.1180340, −0.5590170 + 0.0306853);
    //   row 1 s = 0.7 as above → ((−1.1180340 − 0.5283317)/2 + 1.6131044)/2 = 0.3949608
    [Theory]
    [InlineData(RatioLevel.Token, LossAggregation.Grpo, 0.3892235)]
    [InlineData(RatioLevel.Token, LossAggregation.Dapo, -0.0187368)]
    [InlineData(RatioLevel.Sequence, LossAggregation.Grpo, 0.3949608)]
    public void The_objective_matches_a_hand_computed_minibatch(RatioLevel level, LossAggregation aggregation, double expected)
    {
        using var scope = NewDisposeScope();
        var inputs = new ObjectiveInputs(
            LogProbs: Rows([Math.Log(0.5), Math.Log(0.2)], [Math.Log(0.35), 0]),
            OldLogProbs: Rows([Math.Log(0.4), Math.Log(0.2)], [Math.Log(0.5), 0]),
            Advantages: Rows([1, 1], [-1, -1]),
            CompletionMask: Rows([1, 1], [1, 0]),
            ImportanceWeights: Rows([1, 0.5], [2, 1]),
            RefLogProbs: Rows([Math.Log(0.5), Math.Log(0.4)], [Math.Log(0.2), 0]));
        var options = new ObjectiveOptions(0.2, 0.2, level, aggregation, MaxCompletionLength: 2, new KlPenalty(0.1, KlEstimator.K3));

        var terms = GrpoObjective.Compute(inputs, options);

        Assert.Equal(expected, terms.Loss.item<float>(), 5);
        Assert.Equal(0.1310444, terms.TokenKl![1, 0].item<float>(), 5);
    }

    [Theory]
    [InlineData(0.0, KlPlacement.Loss)]
    [InlineData(0.1, KlPlacement.Reward)]
    public void Outside_the_loss_the_kl_is_measured_but_adds_nothing(double beta, KlPlacement placement)
    {
        using var scope = NewDisposeScope();
        var logProbs = Rows([Math.Log(0.5)]).requires_grad_();
        var inputs = new ObjectiveInputs(logProbs, Rows([Math.Log(0.5)]), Rows([2]), Rows([1]), null, Rows([Math.Log(0.25)]));

        var terms = GrpoObjective.Compute(inputs, new ObjectiveOptions(0.2, 0.2, RatioLevel.Token, LossAggregation.Grpo, 1, new KlPenalty(beta, KlEstimator.K3, placement)));
        terms.Loss.backward();

        Assert.Equal(-2.0, terms.Loss.item<float>(), 6);                    // −ρÂ at ρ = 1
        Assert.Equal(0.1931472, terms.TokenKl![0, 0].item<float>(), 6);     // 0.5 − ln 0.5 − 1
        Assert.Equal(-2.0, logProbs.grad![0, 0].item<float>(), 6);          // the policy gradient alone
    }
}
