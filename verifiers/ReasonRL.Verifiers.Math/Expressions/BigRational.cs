using System.Globalization;
using System.Numerics;

namespace ReasonRL.Verifiers.Math.Expressions;

/// <summary>
/// An exact rational number in lowest terms with a positive denominator: the value of every numeric literal and of
/// every expression built from them with + − × ÷ and integer powers, so that 1/3 + 2/3 is exactly 1.
/// </summary>
/// <remarks>
/// Written here rather than shared with the arithmetic verifier because verifiers depend on Core only; no package on
/// the feed offers a BigInteger rational.
/// </remarks>
internal readonly record struct BigRational
{
    private BigRational(BigInteger numerator, BigInteger denominator)
    {
        Numerator = numerator;
        Denominator = denominator;
    }

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public static BigRational Zero { get; } = new(0, 1);

    public static BigRational One { get; } = new(1, 1);

    public bool IsInteger => Denominator.IsOne;

    public bool IsZero => Numerator.IsZero;

    public int Sign => Numerator.Sign;

    public static BigRational Of(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException();
        }

        if (denominator.Sign < 0)
        {
            (numerator, denominator) = (-numerator, -denominator);
        }

        var divisor = BigInteger.GreatestCommonDivisor(numerator, denominator);
        return divisor.IsOne || divisor.IsZero ? new(numerator, denominator) : new(numerator / divisor, denominator / divisor);
    }

    public static BigRational FromInteger(BigInteger value) => new(value, 1);

    /// <summary>Parses "123", "0.75", ".5" exactly (digits and at most one point).</summary>
    public static BigRational ParseDecimal(string text)
    {
        var point = text.IndexOf('.', StringComparison.Ordinal);
        if (point < 0)
        {
            return FromInteger(BigInteger.Parse(text, CultureInfo.InvariantCulture));
        }

        var digits = text[..point] + text[(point + 1)..];
        var scale = BigInteger.Pow(10, text.Length - point - 1);
        return Of(digits.Length == 0 ? 0 : BigInteger.Parse(digits, CultureInfo.InvariantCulture), scale);
    }

    public static BigRational operator +(BigRational a, BigRational b) =>
        Of((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static BigRational operator -(BigRational a, BigRational b) =>
        Of((a.Numerator * b.Denominator) - (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static BigRational operator -(BigRational a) => new(-a.Numerator, a.Denominator);

    public static BigRational operator *(BigRational a, BigRational b) =>
        Of(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static BigRational operator /(BigRational a, BigRational b) =>
        Of(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    /// <summary>a^n for an integer n (n &lt; 0 needs a ≠ 0).</summary>
    public static BigRational Pow(BigRational a, int n) =>
        n >= 0
            ? new(BigInteger.Pow(a.Numerator, n), BigInteger.Pow(a.Denominator, n))
            : Of(BigInteger.Pow(a.Denominator, -n), BigInteger.Pow(a.Numerator, -n));

    /// <summary>The exact n-th root when both numerator and denominator are perfect n-th powers.</summary>
    public static bool TryRoot(BigRational a, int n, out BigRational root)
    {
        root = Zero;
        if (n < 1 || (a.Sign < 0 && n % 2 == 0))
        {
            return false;
        }

        if (!TryIntegerRoot(BigInteger.Abs(a.Numerator), n, out var top) || !TryIntegerRoot(a.Denominator, n, out var bottom))
        {
            return false;
        }

        root = Of(a.Sign < 0 ? -top : top, bottom);
        return true;
    }

    public double ToDouble()
    {
        var value = (double)Numerator / (double)Denominator;
        if (double.IsFinite(value) || Numerator.IsZero)
        {
            return value;
        }

        // Both parts overflow a double: scale them down together.
        var shift = (int)System.Math.Max(0, System.Math.Max(Numerator.GetBitLength(), Denominator.GetBitLength()) - 1000);
        return (double)(Numerator >> shift) / (double)(Denominator >> shift);
    }

    public override string ToString() =>
        IsInteger ? Numerator.ToString(CultureInfo.InvariantCulture) : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";

    private static bool TryIntegerRoot(BigInteger value, int n, out BigInteger root)
    {
        root = value;
        if (value < 2)
        {
            return true;
        }

        var guess = new BigInteger(double.Round(double.Pow((double)value, 1.0 / n)));
        for (var candidate = BigInteger.Max(0, guess - 2); candidate <= guess + 2; candidate++)
        {
            if (BigInteger.Pow(candidate, n) == value)
            {
                root = candidate;
                return true;
            }
        }

        return false;
    }
}
