namespace ReasonRL.Verifiers.Math.Expressions;

/// <summary>
/// A parsed mathematical answer: a number, an expression, a relation, or a collection (tuple, set, interval, union,
/// matrix). Nodes are immutable; <see cref="ToString"/> is a canonical spelling, so two nodes with the same text are
/// the same expression written the same way (the first, cheapest equivalence test).
/// </summary>
internal abstract record MathNode
{
    public sealed override string ToString() => Print();

    protected abstract string Print();

    protected static string Join(IEnumerable<MathNode> nodes, string separator) => string.Join(separator, nodes.Select(n => n.ToString()));
}

/// <summary>A numeric literal; <see cref="IsFloat"/> when written with a decimal point, <see cref="IsPercent"/> when
/// followed by %, in which case <see cref="Value"/> is already divided by 100.</summary>
internal sealed record NumberNode(BigRational Value, bool IsFloat = false, bool IsPercent = false) : MathNode
{
    public static NumberNode Integer(int value) => new(BigRational.FromInteger(value));

    protected override string Print() => Value.ToString() + (IsFloat ? "f" : "") + (IsPercent ? "%" : "");
}

/// <summary>A variable or a word (from <c>\text{…}</c>); names are lower-case, as Math-Verify's parser makes them.</summary>
internal sealed record SymbolNode(string Name) : MathNode
{
    // A word that is not a name (\text{13}) must not print like the number 13.
    protected override string Print() => Name.Length > 0 && char.IsLetter(Name[0]) ? Name : $"'{Name}'";
}

internal enum MathConstant
{
    Pi,
    Infinity,
}

internal sealed record ConstantNode(MathConstant Constant) : MathNode
{
    protected override string Print() => Constant == MathConstant.Pi ? "pi" : "oo";
}

internal sealed record AddNode(IReadOnlyList<MathNode> Terms) : MathNode
{
    protected override string Print() => "(" + Join(Terms, " + ") + ")";
}

internal sealed record MulNode(IReadOnlyList<MathNode> Factors) : MathNode
{
    protected override string Print() => "(" + Join(Factors, " * ") + ")";
}

internal sealed record PowNode(MathNode Base, MathNode Exponent) : MathNode
{
    protected override string Print() => $"({Base})^({Exponent})";
}

/// <summary><c>a ± b</c> left inside a larger expression (at the top of a list element it becomes two elements).</summary>
internal sealed record PlusMinusNode(MathNode Left, MathNode Right) : MathNode
{
    protected override string Print() => $"({Left} +- {Right})";
}

/// <summary>A named function applied to arguments: sin, cos, ln, log, abs, floor, factorial, binom, ...</summary>
internal sealed record FunctionNode(string Name, IReadOnlyList<MathNode> Arguments) : MathNode
{
    protected override string Print() => $"{Name}({Join(Arguments, ", ")})";
}

internal enum RelationKind
{
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

internal sealed record RelationNode(RelationKind Kind, MathNode Left, MathNode Right) : MathNode
{
    protected override string Print() => $"{Left} {Symbol(Kind)} {Right}";

    public static string Symbol(RelationKind kind) => kind switch
    {
        RelationKind.Equal => "=",
        RelationKind.NotEqual => "!=",
        RelationKind.Less => "<",
        RelationKind.LessOrEqual => "<=",
        RelationKind.Greater => ">",
        _ => ">=",
    };
}

/// <summary>A chain such as <c>a &lt; x ≤ b</c> or <c>x = 5+6 = 11</c>: its relations in the order written.</summary>
internal sealed record AndNode(IReadOnlyList<RelationNode> Relations) : MathNode
{
    protected override string Print() => Join(Relations, " & ");
}

internal sealed record TupleNode(IReadOnlyList<MathNode> Items) : MathNode
{
    protected override string Print() => "tuple(" + Join(Items, ", ") + ")";
}

/// <summary>A finite set; <see cref="Items"/> keep the order written (gold sets compare order-insensitively).</summary>
internal sealed record SetNode(IReadOnlyList<MathNode> Items) : MathNode
{
    protected override string Print() => "{" + Join(Items, ", ") + "}";
}

internal sealed record IntervalNode(MathNode Start, MathNode End, bool LeftOpen, bool RightOpen) : MathNode
{
    protected override string Print() => $"{(LeftOpen ? '(' : '[')}{Start}, {End}{(RightOpen ? ')' : ']')}";
}

internal sealed record UnionNode(IReadOnlyList<MathNode> Parts) : MathNode
{
    protected override string Print() => Join(Parts, " U ");
}

internal sealed record MatrixNode(IReadOnlyList<IReadOnlyList<MathNode>> Rows) : MathNode
{
    protected override string Print() => "matrix[" + string.Join("; ", Rows.Select(r => Join(r, ", "))) + "]";
}

/// <summary>A named set such as the empty set or the reals.</summary>
internal sealed record NamedSetNode(string Name) : MathNode
{
    protected override string Print() => Name;
}

internal static class Nodes
{
    public static MathNode Negate(MathNode node) => node switch
    {
        NumberNode n => n with { Value = -n.Value },
        _ => new MulNode([NumberNode.Integer(-1), node]),
    };

    public static MathNode Divide(MathNode numerator, MathNode denominator) =>
        numerator is NumberNode { IsFloat: false, IsPercent: false } top && denominator is NumberNode { IsFloat: false, IsPercent: false } bottom && !bottom.Value.IsZero
            ? new NumberNode(top.Value / bottom.Value)
            : new MulNode([numerator, new PowNode(denominator, NumberNode.Integer(-1))]);

    public static bool IsRelation(MathNode node) => node is RelationNode or AndNode;

    /// <summary>An equation: <c>a = b</c>, or a chain of them.</summary>
    public static bool IsEquation(MathNode node) =>
        node is RelationNode { Kind: RelationKind.Equal } || (node is AndNode and && and.Relations.All(r => r.Kind == RelationKind.Equal));

    /// <summary>An assignment: an equation (chain) whose first left side is made of symbols only (<c>x = 1</c>, <c>(p, q) = (3, 2)</c>).</summary>
    public static bool IsAssignment(MathNode node) => node switch
    {
        RelationNode { Kind: RelationKind.Equal } r => OnlySymbols(r.Left),
        AndNode and => IsEquation(and) && OnlySymbols(and.Relations[0].Left),
        _ => false,
    };

    public static RelationNode FirstRelation(MathNode node) => node is AndNode and ? and.Relations[0] : (RelationNode)node;

    public static RelationNode LastRelation(MathNode node) => node is AndNode and ? and.Relations[^1] : (RelationNode)node;

    /// <summary>Symbols, and products, quotients, tuples, absolute values and applications of symbols only.</summary>
    public static bool OnlySymbols(MathNode node) => node switch
    {
        SymbolNode => true,
        MulNode m => m.Factors.All(OnlySymbols),
        PowNode { Exponent: NumberNode { Value.IsInteger: true } e } p when e.Value.Numerator == -1 => OnlySymbols(p.Base),
        TupleNode t => t.Items.All(OnlySymbols),
        IntervalNode i => OnlySymbols(i.Start) && OnlySymbols(i.End),
        FunctionNode { Name: "abs" } f => f.Arguments.All(OnlySymbols),
        _ => false,
    };

    public static bool IsCollection(MathNode node) => node is SetNode or TupleNode or IntervalNode or UnionNode or NamedSetNode;

    /// <summary>Every symbol name in the node (the variables an equivalence check must assign).</summary>
    public static void CollectSymbols(MathNode node, ISet<string> names)
    {
        switch (node)
        {
            case SymbolNode s:
                names.Add(s.Name);
                break;
            case AddNode a:
                a.Terms.ToList().ForEach(t => CollectSymbols(t, names));
                break;
            case MulNode m:
                m.Factors.ToList().ForEach(t => CollectSymbols(t, names));
                break;
            case PowNode p:
                CollectSymbols(p.Base, names);
                CollectSymbols(p.Exponent, names);
                break;
            case PlusMinusNode pm:
                CollectSymbols(pm.Left, names);
                CollectSymbols(pm.Right, names);
                break;
            case FunctionNode f:
                f.Arguments.ToList().ForEach(t => CollectSymbols(t, names));
                break;
            case RelationNode r:
                CollectSymbols(r.Left, names);
                CollectSymbols(r.Right, names);
                break;
            default:
                break;
        }
    }
}
