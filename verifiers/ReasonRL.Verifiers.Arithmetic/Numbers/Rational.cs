using System.Globalization;
using System.Numerics;

namespace ReasonRL.Verifiers.Arithmetic.Numbers;

/// <summary>
/// An exact rational number p/q (BigInteger numerator, positive denominator, always in lowest terms), so that
/// verification never meets a rounding error: 1/3*3 is exactly 1. <c>default</c> is zero.
/// </summary>
public readonly struct Rational : IEquatable<Rational>, IComparable<Rational>
{
    private readonly BigInteger _numerator;
    private readonly BigInteger _denominatorMinusOne; // so that default(Rational) is 0/1

    private Rational(BigInteger numerator, BigInteger denominator)
    {
        _numerator = numerator;
        _denominatorMinusOne = denominator - 1;
    }

    public static Rational Zero => default;

    public static Rational One => new(1, 1);

    public BigInteger Numerator => _numerator;

    public BigInteger Denominator => _denominatorMinusOne + 1;

    public bool IsInteger => _denominatorMinusOne.IsZero;

    public bool IsZero => _numerator.IsZero;

    public int Sign => _numerator.Sign;

    public static Rational FromInteger(BigInteger value) => new(value, 1);

    /// <summary>p/q in lowest terms with a positive denominator; q must not be zero.</summary>
    public static Rational Of(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException("a rational number's denominator cannot be zero");
        }

        if (denominator.Sign < 0)
        {
            (numerator, denominator) = (-numerator, -denominator);
        }

        var divisor = BigInteger.GreatestCommonDivisor(numerator, denominator);
        return divisor.IsOne || divisor.IsZero ? new(numerator, denominator) : new(numerator / divisor, denominator / divisor);
    }

    public static implicit operator Rational(int value) => new(value, 1);

    public static Rational operator +(Rational a, Rational b) =>
        a.IsInteger && b.IsInteger ? new(a._numerator + b._numerator, 1) : Of(a._numerator * b.Denominator + b._numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Rational operator -(Rational a, Rational b) =>
        a.IsInteger && b.IsInteger ? new(a._numerator - b._numerator, 1) : Of(a._numerator * b.Denominator - b._numerator * a.Denominator, a.Denominator * b.Denominator);

    public static Rational operator -(Rational a) => new(-a._numerator, a.Denominator);

    public static Rational operator *(Rational a, Rational b) =>
        a.IsInteger && b.IsInteger ? new(a._numerator * b._numerator, 1) : Of(a._numerator * b._numerator, a.Denominator * b.Denominator);

    /// <summary>a/b; throws <see cref="DivideByZeroException"/> when b is zero (see <see cref="TryDivide"/>).</summary>
    public static Rational operator /(Rational a, Rational b) =>
        TryDivide(a, b, out var quotient) ? quotient : throw new DivideByZeroException();

    public static bool TryDivide(Rational a, Rational b, out Rational quotient)
    {
        if (b.IsZero)
        {
            quotient = default;
            return false;
        }

        quotient = Of(a._numerator * b.Denominator, a.Denominator * b._numerator);
        return true;
    }

    public static bool operator ==(Rational a, Rational b) => a.Equals(b);

    public static bool operator !=(Rational a, Rational b) => !a.Equals(b);

    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    public bool Equals(Rational other) => _numerator == other._numerator && _denominatorMinusOne == other._denominatorMinusOne;

    public override bool Equals(object? obj) => obj is Rational other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_numerator, _denominatorMinusOne);

    public int CompareTo(Rational other) => (_numerator * other.Denominator).CompareTo(other._numerator * Denominator);

    /// <summary>"118", "-3", or "7/2": the canonical spelling, also used to compare answers in maj@k.</summary>
    public override string ToString() =>
        IsInteger
            ? _numerator.ToString(CultureInfo.InvariantCulture)
            : $"{_numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";
}
