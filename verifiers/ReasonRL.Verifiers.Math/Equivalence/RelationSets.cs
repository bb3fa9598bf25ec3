using ReasonRL.Verifiers.Math.Expressions;

namespace ReasonRL.Verifiers.Math.Equivalence;

/// <summary>
/// The set of values a one-variable relation allows, for comparing a gold relation with a predicted set
/// (sympy's <c>as_set</c> on the cases answers use): x &lt; a, a ≤ x, x ≠ a, x = a, and chains a &lt; x ≤ b.
/// </summary>
internal static class RelationSets
{
    private static readonly MathNode Infinity = new ConstantNode(MathConstant.Infinity);
    private static readonly MathNode MinusInfinity = Nodes.Negate(Infinity);

    public static MathNode? AsSet(MathNode relation) => relation switch
    {
        RelationNode r => Single(r),
        AndNode { Relations: [var first, var second] } when first.Right.ToString() == second.Left.ToString() && Nodes.OnlySymbols(first.Right) =>
            Intersect(Single(first), Single(second)),
        _ => null,
    };

    private static MathNode? Single(RelationNode relation)
    {
        var (symbolLeft, kind, bound) = Nodes.OnlySymbols(relation.Left) && Evaluator.TryCompareConstants(relation.Right, relation.Right) is not null
            ? (true, relation.Kind, relation.Right)
            : Nodes.OnlySymbols(relation.Right) && Evaluator.TryCompareConstants(relation.Left, relation.Left) is not null
                ? (false, relation.Kind, relation.Left)
                : (true, relation.Kind, (MathNode?)null);
        if (bound is null)
        {
            return null;
        }

        if (!symbolLeft)
        {
            kind = kind switch
            {
                RelationKind.Less => RelationKind.Greater,
                RelationKind.Greater => RelationKind.Less,
                RelationKind.LessOrEqual => RelationKind.GreaterOrEqual,
                RelationKind.GreaterOrEqual => RelationKind.LessOrEqual,
                _ => kind,
            };
        }

        return kind switch
        {
            RelationKind.Less => new IntervalNode(MinusInfinity, bound, true, true),
            RelationKind.LessOrEqual => new IntervalNode(MinusInfinity, bound, true, false),
            RelationKind.Greater => new IntervalNode(bound, Infinity, true, true),
            RelationKind.GreaterOrEqual => new IntervalNode(bound, Infinity, false, true),
            RelationKind.Equal => new SetNode([bound]),
            _ => new UnionNode([new IntervalNode(MinusInfinity, bound, true, true), new IntervalNode(bound, Infinity, true, true)]),
        };
    }

    private static IntervalNode? Intersect(MathNode? a, MathNode? b)
    {
        if (a is not IntervalNode x || b is not IntervalNode y)
        {
            return null;
        }

        var (lower, lowerOpen) = Evaluator.InfinitySign(x.Start) < 0 ? (y.Start, y.LeftOpen) : (x.Start, x.LeftOpen);
        var (upper, upperOpen) = Evaluator.InfinitySign(x.End) > 0 ? (y.End, y.RightOpen) : (x.End, x.RightOpen);
        return new IntervalNode(lower, upper, lowerOpen, upperOpen);
    }
}
