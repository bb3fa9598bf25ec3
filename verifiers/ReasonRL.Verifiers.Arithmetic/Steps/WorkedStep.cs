using ReasonRL.Verifiers.Arithmetic.Expressions;
using ReasonRL.Verifiers.Arithmetic.Numbers;

namespace ReasonRL.Verifiers.Arithmetic.Steps;

/// <summary>
/// One step of a worked solution: a single binary operation on two numbers and its result, written
/// <c>48*2 = 96</c> (no spaces around the operator, one on each side of '=').
/// </summary>
public sealed record WorkedStep(Rational Left, Operator Operator, Rational Right, Rational Result)
{
    public string Expression => $"{Left}{Operator.Symbol()}{Right}";

    public string Line => $"{Expression} = {Result}";

    /// <summary>
    /// The steps that evaluate <paramref name="expr"/> in the order a person would: operands before the operation
    /// that uses them, left before right — so innermost parentheses and higher precedence come first
    /// (37+48*2-15 → 48*2 = 96, 37+96 = 133, 133-15 = 118). Only for trees without division by zero or unary minus.
    /// </summary>
    public static List<WorkedStep> Of(Expr expr)
    {
        var steps = new List<WorkedStep>();
        Walk(expr, steps);
        return steps;

        static Rational Walk(Expr e, List<WorkedStep> into)
        {
            switch (e)
            {
                case NumberExpr n:
                    return n.Value;
                case BinaryExpr b:
                    var left = Walk(b.Left, into);
                    var right = Walk(b.Right, into);
                    if (!b.Operator.TryApply(left, right, out var result))
                    {
                        throw new ArgumentException("the expression divides by zero", nameof(expr));
                    }

                    into.Add(new WorkedStep(left, b.Operator, right, result));
                    return result;
                default:
                    throw new ArgumentException("worked steps are written for binary operations on numbers only", nameof(expr));
            }
        }
    }
}
