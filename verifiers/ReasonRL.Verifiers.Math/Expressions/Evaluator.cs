using System.Numerics;
using ReasonRL.Verifiers.Math.Equivalence;

namespace ReasonRL.Verifiers.Math.Expressions;

/// <summary>
/// Evaluates an expression at given values of its symbols: exactly over the rationals where it can (sums, products,
/// integer powers, perfect roots, factorials), in double precision otherwise (roots, π, e, trigonometry, logarithms).
/// The symbol <c>e</c> is Euler's number, as in Math-Verify's parser.
/// </summary>
internal static class Evaluator
{
    /// <summary>Exact powers are computed only up to this many bits of result; beyond, doubles take over.</summary>
    private const long MaxExactBits = 4096;

    public static Scalar Evaluate(MathNode node, IReadOnlyDictionary<string, Scalar> values, Deadline deadline)
    {
        deadline.Check();
        switch (node)
        {
            case NumberNode n:
                return Scalar.Of(n.Value);
            case SymbolNode { Name: "e" }:
                return Scalar.Real(double.E);
            case SymbolNode s:
                return values.TryGetValue(s.Name, out var value) ? value : Scalar.Undefined;
            case ConstantNode { Constant: MathConstant.Pi }:
                return Scalar.Real(double.Pi);
            case AddNode a:
            {
                var sum = Scalar.Of(BigRational.Zero);
                foreach (var term in a.Terms)
                {
                    sum = Add(sum, Evaluate(term, values, deadline));
                }

                return sum;
            }

            case MulNode m:
            {
                var product = Scalar.Of(BigRational.One);
                foreach (var factor in m.Factors)
                {
                    product = Multiply(product, Evaluate(factor, values, deadline));
                }

                return product;
            }

            case PowNode p:
                return Power(Evaluate(p.Base, values, deadline), Evaluate(p.Exponent, values, deadline));
            case FunctionNode f:
                return Function(f.Name, [.. f.Arguments.Select(a => Evaluate(a, values, deadline))]);
            default:
                return Scalar.Undefined;
        }
    }

    /// <summary>
    /// The order of two constant expressions (−1, 0, 1), with −∞ and ∞ below and above everything; null when either
    /// has symbols or is undefined. Used to tell an interval from a pair.
    /// </summary>
    public static int? TryCompareConstants(MathNode a, MathNode b)
    {
        var (x, y) = (InfinitySign(a), InfinitySign(b));
        if (x != 0 || y != 0)
        {
            return x == y ? 0 : x < y ? -1 : x > y ? 1 : null;
        }

        var symbols = new HashSet<string>(StringComparer.Ordinal);
        Nodes.CollectSymbols(a, symbols);
        Nodes.CollectSymbols(b, symbols);
        symbols.Remove("e");
        if (symbols.Count > 0)
        {
            return null;
        }

        var empty = new Dictionary<string, Scalar>();
        var (va, vb) = (Evaluate(a, empty, Deadline.None), Evaluate(b, empty, Deadline.None));
        if (va.Exact is { } ea && vb.Exact is { } eb)
        {
            return (ea - eb).Sign;
        }

        return va.IsDefined && vb.IsDefined ? va.Approx.CompareTo(vb.Approx) : null;
    }

    /// <summary>+1 for ∞ (or +∞), −1 for −∞, 0 otherwise.</summary>
    public static int InfinitySign(MathNode node) => node switch
    {
        ConstantNode { Constant: MathConstant.Infinity } => 1,
        MulNode { Factors: [NumberNode n, ConstantNode { Constant: MathConstant.Infinity }] } => n.Value.Sign,
        _ => 0,
    };

    private static Scalar Add(Scalar a, Scalar b) =>
        a.Exact is { } x && b.Exact is { } y ? Scalar.Of(x + y) : Scalar.Real(a.Approx + b.Approx);

    private static Scalar Multiply(Scalar a, Scalar b) =>
        a.Exact is { } x && b.Exact is { } y ? Scalar.Of(x * y) : Scalar.Real(a.Approx * b.Approx);

    private static Scalar Power(Scalar a, Scalar b)
    {
        if (a.Exact is { } x && b.Exact is { } y && y.Denominator <= 64 && BigInteger.Abs(y.Numerator) <= 10_000)
        {
            if (x.IsZero && y.Sign <= 0)
            {
                return Scalar.Undefined;
            }

            var bits = System.Math.Max(x.Numerator.GetBitLength(), x.Denominator.GetBitLength()) * (long)BigInteger.Abs(y.Numerator);
            if (bits <= MaxExactBits && BigRational.TryRoot(x, (int)y.Denominator, out var root))
            {
                return Scalar.Of(BigRational.Pow(root, (int)y.Numerator));
            }

            // A real odd root of a negative number: (−8)^(1/3) = −2.
            if (x.Sign < 0 && !y.Denominator.IsEven)
            {
                var magnitude = double.Pow(-a.Approx, b.Approx);
                return Scalar.Real(y.Numerator.IsEven ? magnitude : -magnitude);
            }
        }

        return Scalar.Real(double.Pow(a.Approx, b.Approx));
    }

    private static Scalar Function(string name, Scalar[] args)
    {
        var x = args[0];
        switch (name)
        {
            case "abs" when x.Exact is { } e:
                return Scalar.Of(e.Sign < 0 ? -e : e);
            case "floor" or "ceiling" when x.Exact is { } e:
            {
                var down = BigInteger.Divide(e.Numerator - (e.Sign < 0 && !e.IsInteger ? e.Denominator : 0), e.Denominator);
                return Scalar.Of(BigRational.FromInteger(name == "floor" || e.IsInteger ? down : down + 1));
            }

            case "factorial" when x.Exact is { IsInteger: true } e && e.Sign >= 0 && e.Numerator <= 500:
            {
                var product = BigInteger.One;
                for (var i = 2; i <= (int)e.Numerator; i++)
                {
                    product *= i;
                }

                return Scalar.Of(BigRational.FromInteger(product));
            }

            case "binom" when x.Exact is { IsInteger: true } n && args[1].Exact is { IsInteger: true } k && n.Numerator <= 10_000:
            {
                if (k.Sign < 0 || k.Numerator > n.Numerator)
                {
                    return Scalar.Of(BigRational.Zero);
                }

                var result = BigInteger.One;
                for (var i = 1; i <= (int)k.Numerator; i++)
                {
                    result = result * (n.Numerator - k.Numerator + i) / i;
                }

                return Scalar.Of(BigRational.FromInteger(result));
            }

            default:
                break;
        }

        var v = x.Approx;
        return Scalar.Real(name switch
        {
            "sin" => double.Sin(v),
            "cos" => double.Cos(v),
            "tan" => double.Tan(v),
            "sec" => 1 / double.Cos(v),
            "csc" => 1 / double.Sin(v),
            "cot" => 1 / double.Tan(v),
            "arcsin" => double.Asin(v),
            "arccos" => double.Acos(v),
            "arctan" => double.Atan(v),
            "sinh" => double.Sinh(v),
            "cosh" => double.Cosh(v),
            "tanh" => double.Tanh(v),
            "ln" => v > 0 ? double.Log(v) : double.NaN,
            "log" => v > 0 ? double.Log(v) / double.Log(args[1].Approx) : double.NaN,
            "exp" => double.Exp(v),
            "abs" => double.Abs(v),
            "floor" => double.Floor(v),
            "ceiling" => double.Ceiling(v),
            "factorial" => double.NaN,
            _ => double.NaN,
        });
    }
}
