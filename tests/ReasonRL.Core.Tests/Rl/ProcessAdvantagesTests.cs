using ReasonRL.Core.Rl;

namespace ReasonRL.Core.Tests.Rl;

public class ProcessAdvantagesTests
{
    [Fact]
    public void A_worked_example_sums_normalised_rewards_of_the_steps_ending_at_or_after_each_token()
    {
        // Group of two completions.
        //   A: 5 tokens; step 1 ends at token 1 with reward 1, step 2 ends at token 3 with reward 0.
        //   B: 4 tokens; one step ends at token 3 with reward 1.
        // All step rewards R = {1, 0, 1}: mean 2/3, sample std = sqrt((1/9 + 4/9 + 1/9) / 2) = sqrt(1/3).
        var divisor = Math.Sqrt(1.0 / 3.0) + OutcomeAdvantages.DefaultEpsilon;
        var good = (1 - (2.0 / 3.0)) / divisor;  // normalised reward 1
        var bad = (0 - (2.0 / 3.0)) / divisor;   // normalised reward 0

        var advantages = ProcessAdvantages.Compute(
            [[new StepReward(1, 1), new StepReward(3, 0)], [new StepReward(3, 1)]],
            [5, 4],
            groupSize: 2);

        // A: tokens 0–1 lie before both steps' ends; tokens 2–3 only before step 2's; token 4 after every step.
        Assert.Equal(new[] { good + bad, good + bad, bad, bad, 0 }, advantages[0], new Tolerance(1e-12));
        Assert.Equal(new[] { good, good, good, good }, advantages[1], new Tolerance(1e-12));
    }

    [Fact]
    public void Steps_ending_at_the_same_token_both_count_for_it()
    {
        var advantages = ProcessAdvantages.Compute(
            [[new StepReward(2, 1), new StepReward(2, 0)], [new StepReward(0, 1)]], [3, 1], groupSize: 2);

        var divisor = Math.Sqrt(1.0 / 3.0) + OutcomeAdvantages.DefaultEpsilon;
        var both = ((1 - (2.0 / 3.0)) + (0 - (2.0 / 3.0))) / divisor;
        Assert.Equal(new[] { both, both, both }, advantages[0], new Tolerance(1e-12));
    }

    [Fact]
    public void A_group_whose_steps_all_have_the_same_reward_gets_zero_advantage()
    {
        var advantages = ProcessAdvantages.Compute([[new StepReward(0, 1)], [new StepReward(1, 1)]], [2, 2], groupSize: 2);

        Assert.All(advantages.SelectMany(a => a), a => Assert.Equal(0.0, a));
    }

    [Fact]
    public void Min_form_credit_gives_each_token_the_worst_normalised_reward_ahead_of_it()
    {
        // PURE (arXiv 2504.15275): the same group as above with A's rewards swapped, so A's bad step comes first.
        //   A: 5 tokens; step 1 ends at token 1 with reward 0, step 2 at token 3 with reward 1.
        //   B: 4 tokens; one step ends at token 3 with reward 1.
        // R = {0, 1, 1}: mean 2/3, sample std sqrt(1/3), as before.
        var divisor = Math.Sqrt(1.0 / 3.0) + OutcomeAdvantages.DefaultEpsilon;
        var good = (1 - (2.0 / 3.0)) / divisor;
        var bad = (0 - (2.0 / 3.0)) / divisor;

        var steps = new IReadOnlyList<StepReward>[] { [new StepReward(1, 0), new StepReward(3, 1)], [new StepReward(3, 1)] };
        var minimum = ProcessAdvantages.Compute(steps, [5, 4], groupSize: 2, credit: CreditAssignment.Min);
        var sum = ProcessAdvantages.Compute(steps, [5, 4], groupSize: 2, credit: CreditAssignment.Sum);

        // Tokens 0–1 have both steps ahead: min(bad, good) = bad, where the sum would be bad + good.
        Assert.Equal(new[] { bad, bad, good, good, 0 }, minimum[0], new Tolerance(1e-12));
        Assert.Equal(new[] { bad + good, bad + good, good, good, 0 }, sum[0], new Tolerance(1e-12));
        Assert.Equal(new[] { good, good, good, good }, minimum[1], new Tolerance(1e-12));
    }

    [Fact]
    public void A_step_outside_its_completion_is_rejected() =>
        Assert.Throws<ArgumentException>(() => ProcessAdvantages.Compute([[new StepReward(5, 1)]], [3], groupSize: 1));

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
