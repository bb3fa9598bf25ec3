namespace ReasonRL.Core.Llc;

/// <summary>
/// The learning coefficient of a deep linear network (a product of weight matrices, no biases, Gaussian noise) at a
/// true product of rank r, by Aoyagi's theorem (M. Aoyagi, "Consideration on the learning efficiency of multiple-layered
/// neural networks with linear units", Neural Networks 172, 2024; restated in Lau et al., arXiv 2308.12108, appendix,
/// where it serves as the ground truth for the LLC estimator). For widths H_1 (input), …, H_{M+1} (output) let
/// Δ_k = H_k − r. There is a set Σ of ℓ + 1 indices with max_Σ Δ &lt; min_{not Σ} Δ, Σ_Σ Δ ≥ ℓ max_Σ Δ and
/// Σ_Σ Δ &lt; ℓ min_{not Σ} Δ (it is made of the smallest Δs); with S = Σ_Σ Δ and a = S − ℓ(⌈S/ℓ⌉ − 1),
/// λ = (r(H_1 + H_{M+1}) − r²)/2 + a(ℓ − a)/(4ℓ) − ℓ(ℓ − 1)(S/ℓ)²/4 + ½ Σ_{i&lt;j in Σ} Δ_i Δ_j.
/// With two layers it is Aoyagi and Watanabe's reduced-rank regression (2005); with one, the regular value H_1 H_2 / 2.
/// </summary>
public static class DeepLinearCoefficient
{
    /// <param name="widths">H_1 (input) … H_{M+1} (output): M + 1 ≥ 2 positive widths.</param>
    /// <param name="trueRank">r: the rank of the true product, at most every width.</param>
    public static double Of(IReadOnlyList<int> widths, int trueRank)
    {
        if (widths.Count < 2 || widths.Any(w => w <= 0))
        {
            throw new ArgumentException("at least two positive widths (input and output)", nameof(widths));
        }

        if (trueRank < 0 || trueRank > widths.Min())
        {
            throw new ArgumentOutOfRangeException(nameof(trueRank), $"the rank must lie in 0..{widths.Min()}, got {trueRank}");
        }

        var r = trueRank;
        var deltas = widths.Select(h => (long)(h - r)).Order().ToArray();
        var sigma = RelevantSet(deltas);
        var ell = sigma.Length - 1;
        var s = sigma.Sum();
        var a = s - (ell * (CeilingDivide(s, ell) - 1));
        var pairs = 0L;
        for (var i = 0; i < sigma.Length; i++)
        {
            for (var j = i + 1; j < sigma.Length; j++)
            {
                pairs += sigma[i] * sigma[j];
            }
        }

        var regular = ((double)r * (widths[0] + widths[^1]) - ((double)r * r)) / 2;
        var mean = (double)s / ell;
        return regular + (a * (ell - a) / (4.0 * ell)) - (ell * (ell - 1) * mean * mean / 4) + (pairs / 2.0);
    }

    /// <summary>Σ: the smallest k ≥ 2 of the sorted Δs that satisfy Aoyagi's three conditions.</summary>
    private static long[] RelevantSet(long[] sortedDeltas)
    {
        for (var size = 2; size <= sortedDeltas.Length; size++)
        {
            var inside = sortedDeltas[..size];
            var ell = size - 1;
            var sum = inside.Sum();
            var max = inside[^1];
            var outsideMin = size < sortedDeltas.Length ? sortedDeltas[size] : long.MaxValue;
            if (max < outsideMin && sum >= ell * max && (outsideMin == long.MaxValue || sum < ell * outsideMin))
            {
                return inside;
            }
        }

        throw new InvalidOperationException($"no index set satisfies Aoyagi's conditions for Δ = ({string.Join(", ", sortedDeltas)})");
    }

    private static long CeilingDivide(long numerator, long denominator) => (numerator + denominator - 1) / denominator;
}
