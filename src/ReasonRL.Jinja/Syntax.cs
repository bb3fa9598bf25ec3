namespace ReasonRL.Jinja;

/// <summary>Template statements.</summary>
internal abstract record Node
{
    public sealed record Text(string Value) : Node;

    public sealed record Output(Expr Value) : Node;

    public sealed record If(List<(Expr Condition, List<Node> Body)> Branches, List<Node>? Else) : Node;

    /// <param name="Targets">One name, or several to unpack each item into (<c>for key, value in …</c>).</param>
    public sealed record For(List<string> Targets, Expr Iterable, Expr? Filter, List<Node> Body, List<Node>? Else) : Node;

    /// <summary><c>set name = …</c>, <c>set a, b = …</c>, <c>set ns.attr = …</c>, or a block <c>set name %}…{% endset</c>.</summary>
    public sealed record Set(List<string> Targets, string? Attribute, Expr? Value, List<Node>? Body) : Node;

    public sealed record Break : Node;

    public sealed record Continue : Node;

    /// <summary><c>macro name(params) … endmacro</c>; defaults per parameter (null: required).</summary>
    public sealed record Macro(string Name, List<(string Name, Expr? Default)> Parameters, List<Node> Body) : Node;
}

/// <summary>Expressions.</summary>
internal abstract record Expr(int Line)
{
    public sealed record Literal(object? Value, int Line) : Expr(Line);

    public sealed record Variable(string Identifier, int Line) : Expr(Line);

    public sealed record ListDisplay(List<Expr> Items, int Line) : Expr(Line);

    public sealed record DictDisplay(List<(Expr Key, Expr Value)> Items, int Line) : Expr(Line);

    public sealed record Attribute(Expr Target, string Name, int Line) : Expr(Line);

    public sealed record Subscript(Expr Target, Expr Index, int Line) : Expr(Line);

    public sealed record Slice(Expr Target, Expr? Start, Expr? Stop, Expr? Step, int Line) : Expr(Line);

    public sealed record Call(Expr Callee, List<Expr> Arguments, List<(string Name, Expr Value)> Keywords, int Line) : Expr(Line);

    public sealed record Filter(Expr Target, string Name, List<Expr> Arguments, List<(string Name, Expr Value)> Keywords, int Line) : Expr(Line);

    public sealed record Test(Expr Target, string Name, List<Expr> Arguments, bool Negated, int Line) : Expr(Line);

    public sealed record Unary(string Operator, Expr Operand, int Line) : Expr(Line);

    public sealed record Binary(string Operator, Expr Left, Expr Right, int Line) : Expr(Line);

    public sealed record Conditional(Expr Condition, Expr Then, Expr? Else, int Line) : Expr(Line);
}
