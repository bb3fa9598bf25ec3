namespace ReasonRL.Jinja;

/// <summary>
/// A parsed Jinja template, rendered the way transformers renders chat templates: <c>trim_blocks</c> and
/// <c>lstrip_blocks</c> on, <c>break</c>/<c>continue</c> available, <c>tojson</c> as <c>json.dumps(ensure_ascii=False)</c>,
/// undefined values printing as nothing.
/// </summary>
/// <remarks>
/// Hand-written because no .NET Jinja library is served by the package feed. It covers what chat templates use:
/// if/elif/else, for (with loop.*, unpacking, an if filter, else), set (also on a namespace and as a block), macros,
/// the operators, filters and tests of Jinja's standard set that templates call, and Python's str/list/dict methods.
/// </remarks>
public sealed class Template
{
    private readonly List<Node> _nodes;

    /// <summary>Parses <paramref name="source"/>; a syntax error is a <see cref="JinjaException"/> naming the line.</summary>
    public Template(string source)
    {
        _nodes = new Parser(Lexer.Tokenize(source)).ParseTemplate();
    }

    /// <summary>Renders with the given variables (values as <see cref="Values"/> describes).</summary>
    public string Render(IReadOnlyDictionary<string, object?> context) => new Interpreter(context).Render(_nodes);
}
