using ReasonRL.Core.Evaluation;

namespace ReasonRL.Core.Tests.Evaluation;

public class ReflectionSplitTests
{
    [Fact]
    public void Counts_and_pass_rates_match_a_hand_computed_table()
    {
        // reflective: T, T, F (2 of 3 right); non-reflective: F, F, T, F, F (1 of 5 right)
        (bool, bool)[] completions = [(true, true), (false, false), (true, true), (false, false), (false, true), (true, false), (false, false), (false, false)];

        var split = ReflectionSplit.Of(completions);

        Assert.Equal(new ReflectionSplit(3, 2, 5, 1), split);
        Assert.Equal(2.0 / 3, split.ReflectivePassRate!.Value, 12);
        Assert.Equal(1.0 / 5, split.NonReflectivePassRate!.Value, 12);
    }

    [Fact]
    public void A_side_with_no_completions_has_no_pass_rate()
    {
        var onlyReflective = ReflectionSplit.Of([(true, false), (true, true)]);

        Assert.Equal(0.5, onlyReflective.ReflectivePassRate);
        Assert.Null(onlyReflective.NonReflectivePassRate);
        Assert.Null(ReflectionSplit.Empty.ReflectivePassRate);
        Assert.Null(ReflectionSplit.Of([(false, true)]).ReflectivePassRate);
    }

    [Fact]
    public void Splits_add_up() =>
        Assert.Equal(new ReflectionSplit(4, 3, 6, 1), new ReflectionSplit(1, 1, 5, 0).Plus(new ReflectionSplit(3, 2, 1, 1)));
}
