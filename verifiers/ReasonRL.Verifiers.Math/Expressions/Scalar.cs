namespace ReasonRL.Verifiers.Math.Expressions;

/// <summary>
/// The value of an expression at one point: exact (<see cref="Exact"/>) while only rational operations were
/// involved, otherwise a double. NaN means undefined (a pole, a root of a negative number, an infinity).
/// </summary>
internal readonly record struct Scalar(BigRational? Exact, double Approx)
{
    /// <summary>Relative tolerance for values that are not exact (about 10 significant digits).</summary>
    public const double Tolerance = 1e-10;

    public static Scalar Undefined { get; } = new(null, double.NaN);

    public bool IsDefined => Exact is not null || double.IsFinite(Approx);

    public static Scalar Of(BigRational value) => new(value, value.ToDouble());

    public static Scalar Real(double value) => new(null, value);

    /// <summary>Equal exactly when both are exact, else within <see cref="Tolerance"/> (relative, absolute near zero).</summary>
    public bool Matches(Scalar other)
    {
        if (Exact is { } a && other.Exact is { } b)
        {
            return a == b;
        }

        if (!IsDefined || !other.IsDefined)
        {
            return false;
        }

        var scale = double.Max(1.0, double.Max(double.Abs(Approx), double.Abs(other.Approx)));
        return double.Abs(Approx - other.Approx) <= Tolerance * scale;
    }
}
