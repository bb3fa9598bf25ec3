using ReasonRL.Core.Randomness;
using ReasonRL.Verifiers.Arithmetic.Expressions;
using ReasonRL.Verifiers.Arithmetic.Numbers;

namespace ReasonRL.Verifiers.Arithmetic;

/// <summary>
/// Draws random expression trees that obey an <see cref="ArithmeticLevel"/>: the tree shape, the operators and the
/// operands are random; a node whose result breaks the level's rules is redrawn. A division's divisor is always a
/// number (not a subtree), chosen among the exact divisors of its left side. A chain level grows only to the left:
/// every right operand is a number.
/// </summary>
internal static class ExpressionGenerator
{
    private const int AttemptsPerNode = 16;

    /// <summary>A tree with <paramref name="operations"/> operations, or null when the attempts ran out (draw again).</summary>
    public static Expr? Draw(ArithmeticLevel level, int operations, DeterministicRandom random) =>
        Node(level, operations, random)?.Expr;

    private static (Expr Expr, int Value)? Node(ArithmeticLevel level, int operations, DeterministicRandom random)
    {
        if (operations == 0)
        {
            var value = random.NextInt(1, level.MaxOperand);
            return (new NumberExpr(value), value);
        }

        for (var attempt = 0; attempt < AttemptsPerNode; attempt++)
        {
            var op = random.Pick(level.Operators);
            var candidate = op == Operator.Divide
                ? Division(level, operations, random)
                : Other(level, op, operations, random);
            if (candidate is { } node && node.Value >= 0 && node.Value <= level.MaxIntermediate)
            {
                return node;
            }
        }

        return null;
    }

    private static (Expr Expr, int Value)? Other(ArithmeticLevel level, Operator op, int operations, DeterministicRandom random)
    {
        var leftOperations = level.Chain ? operations - 1 : random.NextInt(operations);
        if (Node(level, leftOperations, random) is not { } left || Node(level, operations - 1 - leftOperations, random) is not { } right)
        {
            return null;
        }

        switch (op)
        {
            case Operator.Add:
                return (new BinaryExpr(op, left.Expr, right.Expr), left.Value + right.Value);
            case Operator.Subtract when level.Chain:
                return left.Value < right.Value ? null : (new BinaryExpr(op, left.Expr, right.Expr), left.Value - right.Value);
            case Operator.Subtract:
                if (left.Value < right.Value)
                {
                    (left, right) = (right, left);
                }

                return (new BinaryExpr(op, left.Expr, right.Expr), left.Value - right.Value);
            default:
                var small = Math.Min(left.Value, right.Value);
                return small < 2 || small > level.MaxFactor || (long)left.Value * right.Value > level.MaxIntermediate
                    ? null
                    : (new BinaryExpr(op, left.Expr, right.Expr), left.Value * right.Value);
        }
    }

    private static (Expr Expr, int Value)? Division(ArithmeticLevel level, int operations, DeterministicRandom random)
    {
        if (Node(level, operations - 1, random) is not { } left || left.Value == 0)
        {
            return null;
        }

        var divisors = Enumerable.Range(2, level.MaxFactor - 1).Where(d => left.Value % d == 0 && d != left.Value).ToList();
        if (divisors.Count == 0)
        {
            return null;
        }

        var divisor = random.Pick(divisors);
        return (new BinaryExpr(Operator.Divide, left.Expr, new NumberExpr(divisor)), left.Value / divisor);
    }

    /// <summary>The value of a generated tree (which never divides by zero).</summary>
    public static Rational Value(Expr expr) =>
        expr.TryEvaluate(out var value) ? value : throw new ArgumentException("the expression divides by zero", nameof(expr));
}
