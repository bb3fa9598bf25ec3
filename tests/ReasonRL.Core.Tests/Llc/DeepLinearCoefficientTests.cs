using ReasonRL.Core.Llc;

namespace ReasonRL.Core.Tests.Llc;

/// <summary>
/// Aoyagi's deep-linear formula against cases worked out by hand from the closed forms it generalises: one layer is
/// regular (λ = H_1 H_2 / 2), two layers with r = 0 are Aoyagi and Watanabe's reduced-rank regression (the four cases
/// devinterp's rrr test uses), plus cases with r &gt; 0 and three layers worked through the theorem's steps.
/// </summary>
public class DeepLinearCoefficientTests
{
    public static TheoryData<int[], int, double> Cases => new()
    {
        { [8, 1], 1, 4.0 },                 // regular: 8·1/2
        { [3, 3], 2, 4.5 },                 // regular at any rank: 3·3/2
        { [5, 3, 5], 0, 6.5 },              // RRR case 1, m+h+n odd: (1 + 2mn + 2hn + 2mh − m² − n² − h²)/8 = 52/8
        { [5, 4, 5], 0, 8.0 },              // RRR case 1, even: (50 + 40 + 40 − 25 − 25 − 16)/8 = 64/8
        { [4, 3, 8], 0, 6.0 },              // RRR m + h < n: mh/2
        { [8, 3, 4], 0, 6.0 },              // RRR n + h < m: hn/2
        { [3, 8, 4], 0, 6.0 },              // RRR m + n < h: mn/2
        // r = 2, widths (4,4,4): Δ = (2,2,2), Σ all, ℓ = 2, S = 6, a = 2; (2·8 − 4)/2 + 0 − 2·1·9/4 + (4+4+4)/2 = 6 − 4.5 + 6
        { [4, 4, 4], 2, 7.5 },
        // r = 1, widths (3,4,4,3): Δ = (2,3,3,2) sorted (2,2,3,3); Σ = {2,2}: max 2 < 3, 4 ≥ 2, 4 < 3? no; {2,2,3}: 3 < 3? no;
        // all four: ℓ = 3, S = 10 ≥ 9; a = 10 − 3·3 = 1; (1·6 − 1)/2 + 1·2/12 − 3·2·(10/3)²/4 + (4+6+6+6+6+9)/2
        { [3, 4, 4, 3], 1, 2.5 + (2.0 / 12) - (6.0 * 100 / 9 / 4) + 18.5 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_hand_computed_value(int[] widths, int rank, double expected) =>
        Assert.Equal(expected, DeepLinearCoefficient.Of(widths, rank), 9);

    [Fact]
    public void A_rank_above_a_width_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DeepLinearCoefficient.Of([3, 2, 3], 3));
}
