namespace ReasonRL.Core.Evaluation;

/// <summary>
/// The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b), the cumulative distribution of a
/// Beta(a, b) variable, which Student's t distribution is written in (<see cref="StudentT"/>). Evaluated by its
/// continued fraction (Abramowitz and Stegun 1964, 26.5.8) with the modified Lentz algorithm (Lentz 1976; Thompson and
/// Barnett 1986), on the side of x where the fraction converges fast: x &lt; (a + 1)/(a + b + 2), else through the
/// symmetry I_x(a, b) = 1 − I_{1−x}(b, a).
/// </summary>
public static class IncompleteBeta
{
    private const int MaxTerms = 300;
    private const double Tolerance = 1e-15;
    private const double Tiny = 1e-300;

    /// <summary>I_x(a, b) for a, b &gt; 0 and x in [0, 1]; accurate to about 1e-14.</summary>
    public static double Regularized(double x, double a, double b)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(b);
        if (!(x >= 0 && x <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(x), x, "must lie in [0, 1]");
        }

        if (x == 0 || x == 1)
        {
            return x;
        }

        // x^a (1−x)^b / (a B(a, b)) is the factor in front of the continued fraction (A&S 26.5.8).
        var logFront = (a * Math.Log(x)) + (b * Math.Log(1 - x)) - LogBeta(a, b);
        return x < (a + 1) / (a + b + 2)
            ? Math.Exp(logFront) * ContinuedFraction(x, a, b) / a
            : 1 - (Math.Exp(logFront) * ContinuedFraction(1 - x, b, a) / b);
    }

    /// <summary>ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b).</summary>
    public static double LogBeta(double a, double b) => LogGamma(a) + LogGamma(b) - LogGamma(a + b);

    /// <summary>
    /// ln Γ(z) for z &gt; 0 by the Lanczos approximation with g = 7 and 9 coefficients (Lanczos 1964; the coefficient set
    /// of Godfrey 2001), accurate to about 1e-15 relative; the reflection formula is not needed for z &gt; 0 except below ½.
    /// </summary>
    public static double LogGamma(double z)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(z);
        if (z < 0.5)
        {
            // Γ(z) Γ(1−z) = π / sin(πz).
            return Math.Log(Math.PI / Math.Sin(Math.PI * z)) - LogGamma(1 - z);
        }

        z -= 1;
        var sum = LanczosCoefficients[0];
        for (var i = 1; i < LanczosCoefficients.Length; i++)
        {
            sum += LanczosCoefficients[i] / (z + i);
        }

        var t = z + LanczosG + 0.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((z + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    private const double LanczosG = 7;

    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>
    /// The continued fraction 1/(1+ d₁/(1+ d₂/(1+ …))) of A&amp;S 26.5.8, with d_{2m+1} = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1))
    /// and d_{2m} = m(b−m)x / ((a+2m−1)(a+2m)), by the modified Lentz algorithm.
    /// </summary>
    private static double ContinuedFraction(double x, double a, double b)
    {
        var c = 1.0;
        var d = 1.0 / NonZero(1 - ((a + b) * x / (a + 1)));
        var result = d;
        for (var m = 1; m <= MaxTerms; m++)
        {
            // Even step: d_{2m}.
            var even = m * (b - m) * x / ((a + (2 * m) - 1) * (a + (2 * m)));
            d = 1.0 / NonZero(1 + (even * d));
            c = NonZero(1 + (even / c));
            result *= d * c;

            // Odd step: d_{2m+1}.
            var odd = -(a + m) * (a + b + m) * x / ((a + (2 * m)) * (a + (2 * m) + 1));
            d = 1.0 / NonZero(1 + (odd * d));
            c = NonZero(1 + (odd / c));
            var delta = d * c;
            result *= delta;
            if (Math.Abs(delta - 1) < Tolerance)
            {
                return result;
            }
        }

        return result;
    }

    private static double NonZero(double value) => Math.Abs(value) < Tiny ? Tiny : value;
}
