using System.Globalization;

namespace ReasonRL.Jinja;

/// <summary>Recursive-descent parser for the statements and expressions of Jinja, with Jinja's operator precedence.</summary>
internal sealed class Parser(List<Token> tokens)
{
    private int _at;

    public List<Node> ParseTemplate()
    {
        var body = ParseBody(out var end);
        return end is null ? body : throw Error($"'{end}' without a matching opening tag");
    }

    private Token Peek => tokens[_at];

    private JinjaException Error(string message) => new($"line {Peek.Line}: {message}");

    /// <summary>Nodes up to a block tag whose keyword is in <paramref name="stops"/> (returned in <paramref name="end"/>) or the end.</summary>
    private List<Node> ParseBody(out string? end, params string[] stops)
    {
        var nodes = new List<Node>();
        while (true)
        {
            var token = Peek;
            switch (token.Kind)
            {
                case TokenKind.End:
                    end = null;
                    return nodes;
                case TokenKind.Text:
                    _at++;
                    nodes.Add(new Node.Text(token.Value));
                    break;
                case TokenKind.OutputStart:
                    _at++;
                    var value = ParseExpression();
                    Expect(TokenKind.OutputEnd, "}}");
                    nodes.Add(new Node.Output(value));
                    break;
                case TokenKind.BlockStart:
                    var keyword = tokens[_at + 1].Value;
                    if (stops.Contains(keyword))
                    {
                        _at += 2;
                        end = keyword;
                        return nodes;
                    }

                    if (keyword.StartsWith("end", StringComparison.Ordinal) || keyword is "elif" or "else")
                    {
                        end = keyword;
                        return nodes;
                    }

                    _at += 2;
                    if (ParseStatement(keyword) is { } statement)
                    {
                        nodes.Add(statement);
                    }

                    break;
                default:
                    throw Error($"unexpected '{token.Value}'");
            }
        }
    }

    private Node? ParseStatement(string keyword)
    {
        switch (keyword)
        {
            case "if":
                return ParseIf();
            case "for":
                return ParseFor();
            case "set":
                return ParseSet();
            case "macro":
                return ParseMacro();
            case "break":
                EndTag();
                return new Node.Break();
            case "continue":
                EndTag();
                return new Node.Continue();
            case "generation":
                // transformers' {% generation %} marks assistant text for masks; it renders as its body.
                EndTag();
                return null;
            case "endgeneration":
                EndTag();
                return null;
            default:
                throw Error($"'{keyword}' is not a statement this Jinja subset knows (if, for, set, macro, break, continue, generation)");
        }
    }

    private Node.If ParseIf()
    {
        var branches = new List<(Expr, List<Node>)>();
        var condition = ParseExpression();
        EndTag();
        while (true)
        {
            var body = ParseBody(out var end, "elif", "else", "endif");
            branches.Add((condition, body));
            switch (end)
            {
                case "elif":
                    condition = ParseExpression();
                    EndTag();
                    continue;
                case "else":
                    EndTag();
                    var otherwise = ParseBody(out var close, "endif");
                    Require(close, "endif");
                    EndTag();
                    return new Node.If(branches, otherwise);
                case "endif":
                    EndTag();
                    return new Node.If(branches, null);
                default:
                    throw Error("'if' without 'endif'");
            }
        }
    }

    private Node.For ParseFor()
    {
        var targets = new List<string> { ExpectName() };
        while (AcceptOperator(","))
        {
            targets.Add(ExpectName());
        }

        ExpectKeyword("in");
        var iterable = ParseOr(allowConditional: false);
        Expr? filter = null;
        if (AcceptKeyword("if"))
        {
            filter = ParseOr(allowConditional: false);
        }

        EndTag();
        var body = ParseBody(out var end, "else", "endfor");
        List<Node>? otherwise = null;
        if (end == "else")
        {
            EndTag();
            otherwise = ParseBody(out end, "endfor");
        }

        Require(end, "endfor");
        EndTag();
        return new Node.For(targets, iterable, filter, body, otherwise);
    }

    private Node.Set ParseSet()
    {
        var targets = new List<string> { ExpectName() };
        string? attribute = null;
        if (AcceptOperator("."))
        {
            attribute = ExpectName();
        }

        while (AcceptOperator(","))
        {
            targets.Add(ExpectName());
        }

        if (AcceptOperator("="))
        {
            var value = ParseExpression();
            EndTag();
            return new Node.Set(targets, attribute, value, null);
        }

        EndTag();
        var body = ParseBody(out var end, "endset");
        Require(end, "endset");
        EndTag();
        return new Node.Set(targets, attribute, null, body);
    }

    private Node.Macro ParseMacro()
    {
        var name = ExpectName();
        var parameters = new List<(string, Expr?)>();
        ExpectOperator("(");
        while (!AcceptOperator(")"))
        {
            var parameter = ExpectName();
            parameters.Add((parameter, AcceptOperator("=") ? ParseExpression() : null));
            if (!AcceptOperator(","))
            {
                ExpectOperator(")");
                break;
            }
        }

        EndTag();
        var body = ParseBody(out var end, "endmacro");
        Require(end, "endmacro");
        EndTag();
        return new Node.Macro(name, parameters, body);
    }

    private void Require(string? end, string expected)
    {
        if (end != expected)
        {
            throw Error(end is null ? $"missing '{{% {expected} %}}'" : $"expected '{{% {expected} %}}', found '{{% {end} %}}'");
        }
    }

    // ---- expressions, lowest precedence first ----

    public Expr ParseExpression() => ParseOr(allowConditional: true);

    private Expr ParseOr(bool allowConditional)
    {
        var left = ParseAnd();
        while (AcceptKeyword("or"))
        {
            left = new Expr.Binary("or", left, ParseAnd(), left.Line);
        }

        if (allowConditional && AcceptKeyword("if"))
        {
            var condition = ParseOr(allowConditional: false);
            var otherwise = AcceptKeyword("else") ? ParseOr(allowConditional: true) : null;
            return new Expr.Conditional(condition, left, otherwise, left.Line);
        }

        return left;
    }

    private Expr ParseAnd()
    {
        var left = ParseNot();
        while (AcceptKeyword("and"))
        {
            left = new Expr.Binary("and", left, ParseNot(), left.Line);
        }

        return left;
    }

    private Expr ParseNot()
    {
        var line = Peek.Line;
        return AcceptKeyword("not") ? new Expr.Unary("not", ParseNot(), line) : ParseCompare();
    }

    private Expr ParseCompare()
    {
        var left = ParseMath1();
        while (true)
        {
            if (Peek.Kind == TokenKind.Operator && Peek.Value is "==" or "!=" or "<" or ">" or "<=" or ">=")
            {
                var op = Next().Value;
                left = new Expr.Binary(op, left, ParseMath1(), left.Line);
            }
            else if (AcceptKeyword("in"))
            {
                left = new Expr.Binary("in", left, ParseMath1(), left.Line);
            }
            else if (Peek.Kind == TokenKind.Name && Peek.Value == "not" && tokens[_at + 1].Kind == TokenKind.Name && tokens[_at + 1].Value == "in")
            {
                _at += 2;
                left = new Expr.Binary("not in", left, ParseMath1(), left.Line);
            }
            else
            {
                return left;
            }
        }
    }

    private Expr ParseMath1()
    {
        var left = ParseConcat();
        while (Peek.Kind == TokenKind.Operator && Peek.Value is "+" or "-")
        {
            var op = Next().Value;
            left = new Expr.Binary(op, left, ParseConcat(), left.Line);
        }

        return left;
    }

    private Expr ParseConcat()
    {
        var left = ParseMath2();
        while (AcceptOperator("~"))
        {
            left = new Expr.Binary("~", left, ParseMath2(), left.Line);
        }

        return left;
    }

    private Expr ParseMath2()
    {
        var left = ParsePow();
        while (Peek.Kind == TokenKind.Operator && Peek.Value is "*" or "/" or "//" or "%")
        {
            var op = Next().Value;
            left = new Expr.Binary(op, left, ParsePow(), left.Line);
        }

        return left;
    }

    private Expr ParsePow()
    {
        var left = ParseUnary();
        while (AcceptOperator("**"))
        {
            left = new Expr.Binary("**", left, ParseUnary(), left.Line);
        }

        return left;
    }

    private Expr ParseUnary()
    {
        var line = Peek.Line;
        if (AcceptOperator("-"))
        {
            return ParseFilters(new Expr.Unary("-", ParseUnary(), line));
        }

        if (AcceptOperator("+"))
        {
            return ParseFilters(ParseUnary());
        }

        return ParseFilters(ParsePostfix(ParsePrimary()));
    }

    private Expr ParseFilters(Expr target)
    {
        while (true)
        {
            if (AcceptOperator("|"))
            {
                var name = ExpectName();
                var (arguments, keywords) = Peek.Kind == TokenKind.Operator && Peek.Value == "(" ? ParseArguments() : ([], []);
                target = new Expr.Filter(target, name, arguments, keywords, target.Line);
            }
            else if (AcceptKeyword("is"))
            {
                var negated = AcceptKeyword("not");
                var name = Peek.Kind == TokenKind.Name ? Next().Value
                    : Peek.Kind == TokenKind.Operator && Peek.Value is "==" or "!=" or "<" or ">" or "<=" or ">=" ? Next().Value
                    : throw Error("expected a test name after 'is'");
                var arguments = new List<Expr>();
                if (Peek.Kind == TokenKind.Operator && Peek.Value == "(")
                {
                    arguments = ParseArguments().Positional;
                }
                else if (Peek.Kind is TokenKind.String or TokenKind.Integer or TokenKind.Float
                    || (Peek.Kind == TokenKind.Name && Peek.Value is not ("and" or "or" or "else" or "if" or "in" or "not" or "is")))
                {
                    arguments.Add(ParsePostfix(ParsePrimary()));
                }

                target = new Expr.Test(target, name, arguments, negated, target.Line);
            }
            else
            {
                return target;
            }
        }
    }

    private Expr ParsePostfix(Expr target)
    {
        while (Peek.Kind == TokenKind.Operator)
        {
            if (AcceptOperator("."))
            {
                target = new Expr.Attribute(target, Peek.Kind == TokenKind.Integer ? Next().Value : ExpectName(), target.Line);
            }
            else if (Peek.Value == "[")
            {
                _at++;
                target = ParseSubscript(target);
            }
            else if (Peek.Value == "(")
            {
                var (arguments, keywords) = ParseArguments();
                target = new Expr.Call(target, arguments, keywords, target.Line);
            }
            else
            {
                break;
            }
        }

        return target;
    }

    private Expr ParseSubscript(Expr target)
    {
        Expr? start = null;
        if (!(Peek.Kind == TokenKind.Operator && Peek.Value == ":"))
        {
            start = ParseExpression();
            if (AcceptOperator("]"))
            {
                return new Expr.Subscript(target, start, target.Line);
            }
        }

        ExpectOperator(":");
        Expr? stop = null;
        Expr? step = null;
        if (!(Peek.Kind == TokenKind.Operator && Peek.Value is "]" or ":"))
        {
            stop = ParseExpression();
        }

        if (AcceptOperator(":") && !(Peek.Kind == TokenKind.Operator && Peek.Value == "]"))
        {
            step = ParseExpression();
        }

        ExpectOperator("]");
        return new Expr.Slice(target, start, stop, step, target.Line);
    }

    private (List<Expr> Positional, List<(string, Expr)> Keywords) ParseArguments()
    {
        ExpectOperator("(");
        var positional = new List<Expr>();
        var keywords = new List<(string, Expr)>();
        while (!AcceptOperator(")"))
        {
            if (Peek.Kind == TokenKind.Name && tokens[_at + 1].Kind == TokenKind.Operator && tokens[_at + 1].Value == "=")
            {
                var name = Next().Value;
                _at++;
                keywords.Add((name, ParseExpression()));
            }
            else
            {
                positional.Add(ParseExpression());
            }

            if (!AcceptOperator(","))
            {
                ExpectOperator(")");
                break;
            }
        }

        return (positional, keywords);
    }

    private Expr ParsePrimary()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TokenKind.String:
                var text = token.Value;
                while (Peek.Kind == TokenKind.String)
                {
                    text += Next().Value; // adjacent literals concatenate
                }

                return new Expr.Literal(text, token.Line);
            case TokenKind.Integer:
                return new Expr.Literal(long.Parse(token.Value, CultureInfo.InvariantCulture), token.Line);
            case TokenKind.Float:
                return new Expr.Literal(double.Parse(token.Value, CultureInfo.InvariantCulture), token.Line);
            case TokenKind.Name:
                return token.Value switch
                {
                    "true" or "True" => new Expr.Literal(true, token.Line),
                    "false" or "False" => new Expr.Literal(false, token.Line),
                    "none" or "None" => new Expr.Literal(null, token.Line),
                    _ => new Expr.Variable(token.Value, token.Line),
                };
            case TokenKind.Operator when token.Value == "(":
                var first = ParseExpression();
                if (AcceptOperator(")"))
                {
                    return first;
                }

                var items = new List<Expr> { first };
                while (AcceptOperator(","))
                {
                    if (Peek.Kind == TokenKind.Operator && Peek.Value == ")")
                    {
                        break;
                    }

                    items.Add(ParseExpression());
                }

                ExpectOperator(")");
                return new Expr.ListDisplay(items, token.Line); // a tuple behaves as a list here
            case TokenKind.Operator when token.Value == "[":
                var list = new List<Expr>();
                while (!AcceptOperator("]"))
                {
                    list.Add(ParseExpression());
                    if (!AcceptOperator(","))
                    {
                        ExpectOperator("]");
                        break;
                    }
                }

                return new Expr.ListDisplay(list, token.Line);
            case TokenKind.Operator when token.Value == "{":
                var pairs = new List<(Expr, Expr)>();
                while (!AcceptOperator("}"))
                {
                    var key = ParseExpression();
                    ExpectOperator(":");
                    pairs.Add((key, ParseExpression()));
                    if (!AcceptOperator(","))
                    {
                        ExpectOperator("}");
                        break;
                    }
                }

                return new Expr.DictDisplay(pairs, token.Line);
            default:
                _at--;
                throw Error($"expected a value, found {Describe(token)}");
        }
    }

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.OutputEnd => "'}}'",
        TokenKind.BlockEnd => "'%}'",
        TokenKind.End => "the end of the template",
        _ => $"'{token.Value}'",
    };

    private Token Next() => tokens[_at++];

    private void EndTag() => Expect(TokenKind.BlockEnd, "%}");

    private void Expect(TokenKind kind, string what)
    {
        if (Peek.Kind != kind)
        {
            throw Error($"expected '{what}', found {Describe(Peek)}");
        }

        _at++;
    }

    private string ExpectName() =>
        Peek.Kind == TokenKind.Name ? Next().Value : throw Error($"expected a name, found {Describe(Peek)}");

    private void ExpectKeyword(string keyword)
    {
        if (!AcceptKeyword(keyword))
        {
            throw Error($"expected '{keyword}', found {Describe(Peek)}");
        }
    }

    private void ExpectOperator(string op)
    {
        if (!AcceptOperator(op))
        {
            throw Error($"expected '{op}', found {Describe(Peek)}");
        }
    }

    private bool AcceptKeyword(string keyword)
    {
        if (Peek.Kind == TokenKind.Name && Peek.Value == keyword)
        {
            _at++;
            return true;
        }

        return false;
    }

    private bool AcceptOperator(string op)
    {
        if (Peek.Kind == TokenKind.Operator && Peek.Value == op)
        {
            _at++;
            return true;
        }

        return false;
    }
}
