using ReasonRL.Core.Randomness;
using ReasonRL.Verifiers.Math.Expressions;

namespace ReasonRL.Verifiers.Math.Equivalence;

/// <summary>
/// Whether a predicted answer means the gold answer, following Math-Verify's <c>sympy_expr_eq</c> (gold first: the
/// test is not symmetric):
/// <list type="number">
/// <item>Assignments are shortened to their last value; a gold "x = 3" meets a bare "3" as 3, a predicted "k = 3"
/// meets a bare gold "3" as 3, but a gold equation such as "2x + z = 1" is never reduced to its right side.</item>
/// <item>A gold relation meeting a predicted set becomes a set ("-2 ≤ x ≤ 7" is [−2, 7]).</item>
/// <item>The same canonical text is equal.</item>
/// <item>Relations: same kind and equal sides' difference, or the mirrored kind (x ≤ 5 is 5 ≥ x), or equations whose
/// sides' differences are proportional (2x + 4y − 3 = 0 is y = −x/2 + 3/4).</item>
/// <item>Sets, tuples, intervals, unions: element by element; order-insensitive when the gold is a set; an open
/// interval and a pair compare as pairs.</item>
/// <item>Words (symbols) by name; a word against a product of letters by spelling.</item>
/// <item>Numbers: when either side is a number written with a decimal point, both are rounded to 6 decimals (1/3 is
/// 0.333333); otherwise exact. Expressions: equal values at random points, exactly over the rationals where possible
/// (the seeded points replace sympy's simplify).</item>
/// </list>
/// </summary>
internal sealed class MathEquivalence(Deadline deadline)
{
    /// <summary>Decimal places kept when a float literal is involved (Math-Verify's <c>float_rounding</c>).</summary>
    public const int FloatRounding = 6;

    /// <summary>Points at which expressions with symbols must agree.</summary>
    public const int RequiredPoints = 4;

    private const ulong PointSeed = 0x6D61_7468_2D76_6572; // fixed: verdicts are deterministic

    public bool Equivalent(MathNode gold, MathNode pred)
    {
        deadline.Check();
        (gold, pred) = (MatrixAlgebra.Fold(gold), MatrixAlgebra.Fold(pred));
        var goldAssignment = Nodes.IsAssignment(gold);
        var predAssignment = Nodes.IsAssignment(pred);
        var goldEquation = Nodes.IsEquation(gold);
        var predEquation = Nodes.IsEquation(pred);
        if (goldAssignment)
        {
            gold = new RelationNode(RelationKind.Equal, Nodes.FirstRelation(gold).Left, Nodes.LastRelation(gold).Right);
        }

        if (predAssignment)
        {
            pred = new RelationNode(RelationKind.Equal, Nodes.FirstRelation(pred).Left, Nodes.LastRelation(pred).Right);
        }

        if (predEquation && !goldEquation)
        {
            pred = Nodes.LastRelation(pred).Right;
        }
        else if (goldAssignment && !predEquation)
        {
            gold = Nodes.LastRelation(gold).Right;
        }

        if (Nodes.IsRelation(gold) && pred is SetNode or IntervalNode or UnionNode or NamedSetNode && RelationSets.AsSet(gold) is { } asSet)
        {
            gold = asSet;
        }

        if (gold.ToString() == pred.ToString())
        {
            return true;
        }

        if (Nodes.IsRelation(gold) && Nodes.IsRelation(pred))
        {
            return Relations(gold, pred);
        }

        if (Nodes.IsCollection(gold) || Nodes.IsCollection(pred))
        {
            return Sets(gold, pred);
        }

        if (gold is SymbolNode || pred is SymbolNode)
        {
            return Symbols(gold, pred);
        }

        if (gold is MatrixNode || pred is MatrixNode)
        {
            return gold is MatrixNode a && pred is MatrixNode b && a.Rows.Count == b.Rows.Count
                && a.Rows.Zip(b.Rows).All(r => r.First.Count == r.Second.Count && r.First.Zip(r.Second).All(c => Equivalent(c.First, c.Second)));
        }

        return !Nodes.IsRelation(gold) && !Nodes.IsRelation(pred) && Values(gold, pred);
    }

    private bool Relations(MathNode gold, MathNode pred)
    {
        if (gold is AndNode goldChain && pred is AndNode predChain)
        {
            return goldChain.Relations.Count == predChain.Relations.Count
                && goldChain.Relations.Zip(predChain.Relations).All(p => Relations(p.First, p.Second));
        }

        if (gold is not RelationNode g || pred is not RelationNode p)
        {
            return false;
        }

        // Equal left sides (x = … and x = …): compare the right sides as answers.
        if (g.Kind == p.Kind && g.Left.ToString() == p.Left.ToString() && Equivalent(g.Right, p.Right))
        {
            return true;
        }

        var goldDifference = Difference(g);
        var predDifference = Difference(p);
        if (g.Kind == p.Kind && Values(goldDifference, predDifference))
        {
            return true;
        }

        if (Mirror(g.Kind) == p.Kind && Values(goldDifference, Nodes.Negate(predDifference)))
        {
            return true;
        }

        // Same solutions: the differences are proportional (by a positive factor for inequalities of one direction).
        if (ProportionalFactorSign(goldDifference, predDifference) is { } sign)
        {
            return g.Kind is RelationKind.Equal or RelationKind.NotEqual ? g.Kind == p.Kind : (sign > 0 ? g.Kind == p.Kind : Mirror(g.Kind) == p.Kind);
        }

        return false;
    }

    private static MathNode Difference(RelationNode relation) => new AddNode([relation.Left, Nodes.Negate(relation.Right)]);

    private static RelationKind Mirror(RelationKind kind) => kind switch
    {
        RelationKind.Less => RelationKind.Greater,
        RelationKind.Greater => RelationKind.Less,
        RelationKind.LessOrEqual => RelationKind.GreaterOrEqual,
        RelationKind.GreaterOrEqual => RelationKind.LessOrEqual,
        _ => kind,
    };

    private bool Sets(MathNode gold, MathNode pred)
    {
        var a = Nodes.IsCollection(gold) ? gold : new SetNode([gold]);
        var b = Nodes.IsCollection(pred) ? pred : new SetNode([pred]);
        if (a is IntervalNode ia && b is IntervalNode ib)
        {
            return Intervals(ia, ib);
        }

        if (a.ToString() == b.ToString())
        {
            return true;
        }

        if (a is UnionNode || b is UnionNode)
        {
            return Pieces(a, b);
        }

        if (a is SetNode or TupleNode && b is SetNode or TupleNode)
        {
            return Elements(a, b);
        }

        // (1, 2) is read as an open interval; against a pair or a two-element set it compares as a pair.
        if (a is IntervalNode { LeftOpen: true, RightOpen: true } open && b is SetNode or TupleNode && Items(b).Count == 2)
        {
            return Elements(new TupleNode([open.Start, open.End]), b);
        }

        if (b is IntervalNode { LeftOpen: true, RightOpen: true } openPred && a is SetNode or TupleNode && Items(a).Count == 2)
        {
            return Elements(a, new TupleNode([openPred.Start, openPred.End]));
        }

        return false;
    }

    /// <summary>A set's distinct items (a set holds each element once), a tuple's items.</summary>
    private static IReadOnlyList<MathNode> Items(MathNode node) =>
        node is SetNode s ? [.. s.Items.DistinctBy(i => i.ToString(), StringComparer.Ordinal)] : ((TupleNode)node).Items;

    /// <summary>Element-wise; when the gold is a set, in any order.</summary>
    private bool Elements(MathNode gold, MathNode pred)
    {
        var (goldItems, predItems) = (Items(gold), Items(pred));
        if (goldItems.Count != predItems.Count)
        {
            return false;
        }

        return gold is SetNode ? Matching(goldItems, predItems) : goldItems.Zip(predItems).All(p => Equivalent(p.First, p.Second));
    }

    /// <summary>A one-to-one pairing of equivalent items (backtracking; answers have few elements).</summary>
    private bool Matching(IReadOnlyList<MathNode> gold, IReadOnlyList<MathNode> pred)
    {
        var used = new bool[pred.Count];
        var cache = new Dictionary<(int, int), bool>();
        return Assign(0);

        bool Assign(int i)
        {
            if (i == gold.Count)
            {
                return true;
            }

            for (var j = 0; j < pred.Count; j++)
            {
                if (used[j])
                {
                    continue;
                }

                if (!cache.TryGetValue((i, j), out var equal))
                {
                    equal = Equivalent(gold[i], pred[j]);
                    cache[(i, j)] = equal;
                }

                if (equal)
                {
                    used[j] = true;
                    if (Assign(i + 1))
                    {
                        return true;
                    }

                    used[j] = false;
                }
            }

            return false;
        }
    }

    private bool Intervals(IntervalNode a, IntervalNode b) =>
        a.LeftOpen == b.LeftOpen && a.RightOpen == b.RightOpen && Endpoint(a.Start, b.Start) && Endpoint(a.End, b.End);

    private bool Endpoint(MathNode a, MathNode b)
    {
        var (x, y) = (Evaluator.InfinitySign(a), Evaluator.InfinitySign(b));
        return x != 0 || y != 0 ? x == y : Equivalent(a, b);
    }

    /// <summary>Unions: the same intervals and the same isolated points, in any order.</summary>
    private bool Pieces(MathNode a, MathNode b)
    {
        var (aIntervals, aPoints, aNamed) = Split(a);
        var (bIntervals, bPoints, bNamed) = Split(b);
        if (aIntervals.Count != bIntervals.Count || aPoints.Count != bPoints.Count || !aNamed.SetEquals(bNamed))
        {
            return false;
        }

        var used = new bool[bIntervals.Count];
        foreach (var interval in aIntervals)
        {
            var match = Enumerable.Range(0, bIntervals.Count).FirstOrDefault(j => !used[j] && Intervals(interval, bIntervals[j]), -1);
            if (match < 0)
            {
                return false;
            }

            used[match] = true;
        }

        return Matching(aPoints, bPoints);
    }

    private static (List<IntervalNode> Intervals, List<MathNode> Points, HashSet<string> Named) Split(MathNode node)
    {
        var intervals = new List<IntervalNode>();
        var points = new List<MathNode>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in node is UnionNode u ? u.Parts : [node])
        {
            switch (part)
            {
                case IntervalNode i:
                    intervals.Add(i);
                    break;
                case SetNode s:
                    points.AddRange(s.Items);
                    break;
                case NamedSetNode { Name: "EmptySet" }:
                    break;
                case NamedSetNode n:
                    named.Add(n.Name);
                    break;
                default:
                    points.Add(part);
                    break;
            }
        }

        return (intervals, points, named);
    }

    private static bool Symbols(MathNode gold, MathNode pred)
    {
        if (gold is SymbolNode g && pred is SymbolNode p)
        {
            return string.Equals(g.Name, p.Name, StringComparison.OrdinalIgnoreCase);
        }

        // \text{odd} is the word "odd"; a bare "odd" parses as o·d·d.
        var (symbol, other) = gold is SymbolNode s ? (s, pred) : ((SymbolNode)pred, gold);
        return other is MulNode m && m.Factors.All(f => f is SymbolNode)
            && string.Equals(symbol.Name, string.Concat(m.Factors.Cast<SymbolNode>().Select(f => f.Name)), StringComparison.OrdinalIgnoreCase);
    }

    private bool Values(MathNode gold, MathNode pred)
    {
        if (gold is NumberNode || pred is NumberNode)
        {
            var (a, b) = (Constant(gold), Constant(pred));
            if (a is null || b is null)
            {
                return false;
            }

            if (gold is NumberNode { IsFloat: true } || pred is NumberNode { IsFloat: true })
            {
                return a.Value.IsDefined && b.Value.IsDefined
                    && double.Round(a.Value.Approx, FloatRounding, MidpointRounding.ToEven) == double.Round(b.Value.Approx, FloatRounding, MidpointRounding.ToEven);
            }

            return a.Value.Matches(b.Value);
        }

        return SameValues(gold, pred);
    }

    private Scalar? Constant(MathNode node)
    {
        var symbols = SymbolsOf(node);
        return symbols.Count > 0 ? null : Evaluator.Evaluate(node, new Dictionary<string, Scalar>(), deadline);
    }

    private static SortedSet<string> SymbolsOf(params MathNode[] nodes)
    {
        var symbols = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            Nodes.CollectSymbols(node, symbols);
        }

        symbols.Remove("e");
        return symbols;
    }

    /// <summary>Equal values at <see cref="RequiredPoints"/> seeded points where both are defined, and at none different.</summary>
    private bool SameValues(MathNode a, MathNode b)
    {
        var agreeing = 0;
        foreach (var point in Points(SymbolsOf(a, b)))
        {
            var (x, y) = (Evaluator.Evaluate(a, point, deadline), Evaluator.Evaluate(b, point, deadline));
            if (!x.IsDefined || !y.IsDefined)
            {
                continue;
            }

            if (!x.Matches(y))
            {
                return false;
            }

            if (++agreeing >= RequiredPoints || point.Count == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The sign of c when a = c·b for a constant c ≠ 0 at every point; null otherwise.</summary>
    private int? ProportionalFactorSign(MathNode a, MathNode b)
    {
        Scalar? factor = null;
        var agreeing = 0;
        foreach (var point in Points(SymbolsOf(a, b)))
        {
            var (x, y) = (Evaluator.Evaluate(a, point, deadline), Evaluator.Evaluate(b, point, deadline));
            if (!x.IsDefined || !y.IsDefined || y.Matches(Scalar.Of(BigRational.Zero)))
            {
                continue;
            }

            var ratio = x.Exact is { } ex && y.Exact is { } ey ? Scalar.Of(ex / ey) : Scalar.Real(x.Approx / y.Approx);
            if (ratio.Matches(Scalar.Of(BigRational.Zero)) || (factor is { } f && !f.Matches(ratio)))
            {
                return null;
            }

            factor = ratio;
            if (++agreeing >= RequiredPoints + 1)
            {
                return double.Sign(ratio.Approx);
            }
        }

        return null;
    }

    /// <summary>Seeded points: small positive rationals first (inside most domains), then values of both signs.</summary>
    private static IEnumerable<Dictionary<string, Scalar>> Points(SortedSet<string> symbols)
    {
        if (symbols.Count == 0)
        {
            yield return [];
            yield break;
        }

        var random = new DeterministicRandom(PointSeed);
        for (var attempt = 0; attempt < 24; attempt++)
        {
            var point = new Dictionary<string, Scalar>(StringComparer.Ordinal);
            foreach (var symbol in symbols)
            {
                var numerator = attempt < 12 ? random.NextInt(7, 40) : random.NextInt(-40, 40);
                point[symbol] = Scalar.Of(BigRational.Of(numerator, random.NextInt(7, 13)));
            }

            yield return point;
        }
    }
}
