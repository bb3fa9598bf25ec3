using ReasonRL.Verifiers.Arithmetic.Numbers;

namespace ReasonRL.Verifiers.Arithmetic.Expressions;

/// <summary>The four operations of the arithmetic and countdown tasks.</summary>
public enum Operator
{
    Add,
    Subtract,
    Multiply,
    Divide,
}

/// <summary>An arithmetic expression tree, as parsed by <see cref="ExpressionParser"/> or built by a generator.</summary>
public abstract record Expr;

/// <summary>A number literal; <see cref="Start"/>..<see cref="End"/> is its span in the parsed text (0, 0 when built).</summary>
public sealed record NumberExpr(Rational Value, int Start = 0, int End = 0) : Expr;

/// <summary>A binary operation.</summary>
public sealed record BinaryExpr(Operator Operator, Expr Left, Expr Right) : Expr;

/// <summary>Unary minus.</summary>
public sealed record NegateExpr(Expr Operand) : Expr;

/// <summary>Operations on expression trees.</summary>
public static class ExprExtensions
{
    public static char Symbol(this Operator op) => op switch
    {
        Operator.Add => '+',
        Operator.Subtract => '-',
        Operator.Multiply => '*',
        _ => '/',
    };

    /// <summary>2 for * and /, 1 for + and −.</summary>
    public static int Precedence(this Operator op) => op is Operator.Multiply or Operator.Divide ? 2 : 1;

    /// <summary>Applies <paramref name="op"/> exactly; false only for a division by zero.</summary>
    public static bool TryApply(this Operator op, Rational left, Rational right, out Rational result)
    {
        switch (op)
        {
            case Operator.Add:
                result = left + right;
                return true;
            case Operator.Subtract:
                result = left - right;
                return true;
            case Operator.Multiply:
                result = left * right;
                return true;
            default:
                return Rational.TryDivide(left, right, out result);
        }
    }

    /// <summary>The exact value of <paramref name="expr"/>; false when it divides by zero.</summary>
    public static bool TryEvaluate(this Expr expr, out Rational value)
    {
        switch (expr)
        {
            case NumberExpr number:
                value = number.Value;
                return true;
            case NegateExpr negate:
                var ok = negate.Operand.TryEvaluate(out var inner);
                value = -inner;
                return ok;
            case BinaryExpr binary:
                if (binary.Left.TryEvaluate(out var left) && binary.Right.TryEvaluate(out var right))
                {
                    return binary.Operator.TryApply(left, right, out value);
                }

                value = default;
                return false;
            default:
                value = default;
                return false;
        }
    }

    /// <summary>The number literals of <paramref name="expr"/>, left to right.</summary>
    public static List<NumberExpr> Literals(this Expr expr)
    {
        var literals = new List<NumberExpr>();
        Collect(expr, literals);
        return literals;

        static void Collect(Expr e, List<NumberExpr> into)
        {
            switch (e)
            {
                case NumberExpr n:
                    into.Add(n);
                    break;
                case NegateExpr n:
                    Collect(n.Operand, into);
                    break;
                case BinaryExpr b:
                    Collect(b.Left, into);
                    Collect(b.Right, into);
                    break;
            }
        }
    }

    /// <summary>How many binary operations <paramref name="expr"/> performs.</summary>
    public static int OperationCount(this Expr expr) => expr switch
    {
        BinaryExpr b => 1 + b.Left.OperationCount() + b.Right.OperationCount(),
        NegateExpr n => n.Operand.OperationCount(),
        _ => 0,
    };
}
