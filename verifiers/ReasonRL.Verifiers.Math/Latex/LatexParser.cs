using System.Text.RegularExpressions;
using ReasonRL.Verifiers.Math.Equivalence;
using ReasonRL.Verifiers.Math.Expressions;

namespace ReasonRL.Verifiers.Math.Latex;

/// <summary>
/// A recursive-descent parser from normalised LaTeX (or plain text such as "1/3" or "x^2+1") to a <see cref="MathNode"/>,
/// following the conventions of Math-Verify's LaTeX parser: single letters are symbols multiplied implicitly, symbols
/// are lower-cased, "2 \frac{1}{2}" is a mixed number, "(a, b)" is an open interval when a &lt; b and a tuple
/// otherwise, "[a, b)" a half-open interval, "\{…\}" and "{a, b}" sets, a top-level "1, 2" a set, "a ± b" two values,
/// "x = 1, 2" an assignment of a set, "x \in S" an equation, "x \approx 3" the value 3.
/// </summary>
/// <remarks>
/// Grammar, loosest first: list := group (';' group)*; group := element (',' element)*; element := chain ['±' chain];
/// chain := set (relation set)*; set := sum ((∪ | ∩ | \setminus) sum)*; sum := product (('+' | '-' | '±') product)*;
/// product := unary (('*' | '/' | ':' | \cdot | \times | \div | implicit) unary)*; unary := ('-' | '+')* postfix;
/// postfix := primary ('^' exponent | '!' | '%')*.
/// </remarks>
internal sealed partial class LatexParser
{
    private static readonly HashSet<string> Greek = new(StringComparer.Ordinal)
    {
        "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota", "kappa",
        "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
        "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Phi", "Psi", "Omega",
    };

    private static readonly HashSet<string> Functions = new(StringComparer.Ordinal)
    {
        "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "ln", "log", "exp",
        "lg",
    };

    private static readonly HashSet<string> Spacing = new(StringComparer.Ordinal) { "quad", "qquad", ",", ";", ":", "!", " ", "displaystyle", "limits" };

    private readonly string _text;
    private readonly Deadline _deadline;
    private int _position;
    private int _absDepth;

    private LatexParser(string text, Deadline deadline)
    {
        _text = text;
        _deadline = deadline;
    }

    /// <summary>Parses a whole answer; throws <see cref="LatexParseException"/> when it cannot.</summary>
    public static MathNode Parse(string text, Deadline deadline)
    {
        if (CommaNumber().Match(text) is { Success: true } number)
        {
            return new NumberNode(BigRational.ParseDecimal(number.Value.Replace(",", "", StringComparison.Ordinal).Trim()), number.Value.Contains('.', StringComparison.Ordinal));
        }

        var parser = new LatexParser(text, deadline);
        var groups = parser.ParseList(topLevel: true);
        parser.SkipSpace();
        if (parser._position < text.Length)
        {
            throw new LatexParseException($"unexpected '{text[parser._position]}' at {parser._position}");
        }

        return ElementsToSetOrTuple(groups);
    }

    private static MathNode ElementsToSetOrTuple(List<List<MathNode>> groups)
    {
        if (groups.Count == 1)
        {
            return groups[0].Count == 1 ? groups[0][0] : new SetNode(groups[0]);
        }

        return groups.All(g => g.Count == 1)
            ? new SetNode([.. groups.Select(g => g[0])])
            : new SetNode([.. groups.Select(g => (MathNode)new TupleNode(g))]);
    }

    private List<List<MathNode>> ParseList(bool topLevel)
    {
        var groups = new List<List<MathNode>> { ParseGroup(topLevel) };
        while (TryConsume(";"))
        {
            groups.Add(ParseGroup(topLevel));
        }

        return groups;
    }

    private List<MathNode> ParseGroup(bool topLevel)
    {
        var elements = new List<MathNode>(ParseElement());
        while (TryConsume(","))
        {
            elements.AddRange(ParseElement());
        }

        // "x = 1, 2, 3" assigns a set to x.
        if (topLevel && elements.Count > 1 && elements[0] is RelationNode { Kind: RelationKind.Equal } first && Nodes.OnlySymbols(first.Left)
            && elements.Skip(1).All(e => !Nodes.IsRelation(e)))
        {
            return [new RelationNode(RelationKind.Equal, first.Left, new SetNode([first.Right, .. elements.Skip(1)]))];
        }

        return elements;
    }

    private IEnumerable<MathNode> ParseElement()
    {
        SkipSpace();
        if (TryCommand("pm") || TryCommand("mp"))
        {
            var value = ParseChain();
            return [Nodes.Negate(value), value];
        }

        var node = ParseChain();
        return node is PlusMinusNode pm
            ? [new AddNode([pm.Left, pm.Right]), new AddNode([pm.Left, Nodes.Negate(pm.Right)])]
            : [node];
    }

    private MathNode ParseChain()
    {
        var left = ParseSetExpression();
        while (true)
        {
            SkipSpace();
            if (TryRelation() is not { } relation)
            {
                return left;
            }

            var right = ParseSetExpression();
            left = relation switch
            {
                "approx" => Nodes.OnlySymbols(left) ? right : left,
                "in" => new RelationNode(RelationKind.Equal, left, right),
                _ => Chain(left, Enum.Parse<RelationKind>(relation), right),
            };
        }
    }

    private static MathNode Chain(MathNode left, RelationKind kind, MathNode right) => left switch
    {
        AndNode and => new AndNode([.. and.Relations, new RelationNode(kind, and.Relations[^1].Right, right)]),
        RelationNode r => new AndNode([r, new RelationNode(kind, r.Right, right)]),
        _ => new RelationNode(kind, left, right),
    };

    private string? TryRelation()
    {
        foreach (var (spelling, kind) in RelationSpellings)
        {
            if (spelling.StartsWith('\\') ? TryCommand(spelling[1..]) : TryConsume(spelling))
            {
                return kind;
            }
        }

        return null;
    }

    private static readonly (string Spelling, string Kind)[] RelationSpellings =
    [
        ("<=", nameof(RelationKind.LessOrEqual)), (">=", nameof(RelationKind.GreaterOrEqual)), ("!=", nameof(RelationKind.NotEqual)),
        ("==", nameof(RelationKind.Equal)), ("=", nameof(RelationKind.Equal)), ("<", nameof(RelationKind.Less)), (">", nameof(RelationKind.Greater)),
        ("≤", nameof(RelationKind.LessOrEqual)), ("≥", nameof(RelationKind.GreaterOrEqual)), ("≠", nameof(RelationKind.NotEqual)), ("≈", "approx"),
        ("\\leqslant", nameof(RelationKind.LessOrEqual)), ("\\geqslant", nameof(RelationKind.GreaterOrEqual)),
        ("\\leq", nameof(RelationKind.LessOrEqual)), ("\\geq", nameof(RelationKind.GreaterOrEqual)), ("\\le", nameof(RelationKind.LessOrEqual)),
        ("\\ge", nameof(RelationKind.GreaterOrEqual)), ("\\lt", nameof(RelationKind.Less)), ("\\gt", nameof(RelationKind.Greater)),
        ("\\neq", nameof(RelationKind.NotEqual)), ("\\ne", nameof(RelationKind.NotEqual)), ("\\equiv", nameof(RelationKind.Equal)),
        ("\\approx", "approx"), ("\\sim", "approx"), ("\\in", "in"),
    ];

    private MathNode ParseSetExpression()
    {
        var left = ParseSum();
        while (true)
        {
            SkipSpace();
            if (TryCommand("cup") || TryCommand("setminus") || TryCommand("cap"))
            {
                var right = ParseSum();
                left = new UnionNode([.. Parts(left), .. Parts(right)]);
                continue;
            }

            return left;
        }

        static IEnumerable<MathNode> Parts(MathNode node) => node switch
        {
            UnionNode u => u.Parts,
            TupleNode t => [new SetNode(t.Items)],
            _ => [node],
        };
    }

    private MathNode ParseSum()
    {
        var terms = new List<MathNode> { ParseProduct() };
        MathNode? plusMinus = null;
        while (true)
        {
            SkipSpace();
            if (TryConsume("+"))
            {
                terms.Add(ParseProduct());
            }
            else if (Peek() == '-' && PeekAt(1) != '>')
            {
                _position++;
                terms.Add(Nodes.Negate(ParseProduct()));
            }
            else if (TryCommand("pm") || TryCommand("mp"))
            {
                var left = terms.Count == 1 ? terms[0] : new AddNode([.. terms]);
                var rest = ParseSum();
                plusMinus = new PlusMinusNode(left, rest);
                return plusMinus;
            }
            else
            {
                return terms.Count == 1 ? terms[0] : new AddNode(terms);
            }
        }
    }

    private MathNode ParseProduct()
    {
        var factors = new List<MathNode> { ParseUnary() };
        while (true)
        {
            _deadline.Check();
            SkipSpace();
            if (TryConsume("*") || TryConsume("×") || TryConsume("·") || TryCommand("cdot") || TryCommand("times") || TryCommand("ast"))
            {
                factors.Add(ParseUnary());
            }
            else if (TryConsume("/") || TryConsume("÷") || TryCommand("div") || (Peek() == ':' && PeekAt(1) != '=' && TryConsume(":")))
            {
                var denominator = ParseUnary();
                var numerator = factors.Count == 1 ? factors[0] : new MulNode([.. factors]);
                factors = [Nodes.Divide(numerator, denominator)];
            }
            else if (StartsPrimary())
            {
                var next = ParseUnaryNoSign();
                if (factors[^1] is NumberNode { IsFloat: false, IsPercent: false, Value.IsInteger: true } whole && next is NumberNode { IsFloat: false, Value.IsInteger: false } fraction
                    && LastWasFraction)
                {
                    // A mixed number: 2 \frac{1}{2} is 2 + 1/2.
                    var sign = whole.Value.Sign < 0 ? -1 : 1;
                    factors[^1] = new NumberNode(whole.Value + (sign < 0 ? -fraction.Value : fraction.Value));
                }
                else
                {
                    factors.Add(next);
                }
            }
            else
            {
                return factors.Count == 1 ? factors[0] : new MulNode(factors);
            }
        }
    }

    private bool LastWasFraction { get; set; }

    private MathNode ParseUnary()
    {
        SkipSpace();
        if (Peek() == '-' || Peek() == '−')
        {
            _position++;
            return Nodes.Negate(ParseUnary());
        }

        if (Peek() == '+')
        {
            _position++;
            return ParseUnary();
        }

        return ParseUnaryNoSign();
    }

    private MathNode ParseUnaryNoSign()
    {
        LastWasFraction = false;
        var node = ParsePrimary();
        while (true)
        {
            SkipSpace();
            if (TryConsume("^"))
            {
                LastWasFraction = false;
                var exponent = ParseExponent();
                node = exponent is null ? node : new PowNode(node, exponent);
            }
            else if (Peek() == '!' && PeekAt(1) != '=')
            {
                _position++;
                node = new FunctionNode("factorial", [node]);
            }
            else if (TryConsume("\\%") || TryConsume("%"))
            {
                node = node is NumberNode number
                    ? number with { Value = number.Value / BigRational.FromInteger(100), IsPercent = true }
                    : new MulNode([node, new NumberNode(BigRational.Of(1, 100))]);
            }
            else if (TryConsume("'"))
            {
                node = node is SymbolNode s ? new SymbolNode(s.Name + "'") : node;
            }
            else
            {
                return node;
            }
        }
    }

    /// <summary>An exponent; null for a degree sign (Math-Verify leaves degrees as plain numbers).</summary>
    private MathNode? ParseExponent()
    {
        SkipSpace();
        if (TryCommand("circ"))
        {
            return null;
        }

        if (Peek() == '{')
        {
            var inner = BracedText();
            var trimmed = inner.Trim();
            return trimmed is "\\circ" or "o" ? null : ParseSub(inner);
        }

        if (char.IsDigit(Peek()))
        {
            _position++;
            return NumberNode.Integer(_text[_position - 1] - '0');
        }

        return ParsePrimary();
    }

    private bool StartsPrimary()
    {
        SkipSpace();
        var c = Peek();
        if (c == '\0')
        {
            return false;
        }

        if (char.IsLetterOrDigit(c) || c is '(' or '[' or '{' or '.' or 'π' or '∞' or '√')
        {
            return true;
        }

        if (c == '|')
        {
            return _absDepth == 0;
        }

        if (c != '\\')
        {
            return false;
        }

        var name = CommandNameAt(_position);
        return name is not ("cdot" or "times" or "div" or "pm" or "mp" or "cup" or "cap" or "setminus" or "right" or "rfloor" or "rceil" or "ast" or "end" or "rangle")
            && !IsRelationCommand(name) && name != "}" && name != "\\" && name != "%" && !Spacing.Contains(name);
    }

    private static bool IsRelationCommand(string name) => RelationSpellings.Any(r => r.Spelling.StartsWith('\\') && r.Spelling[1..] == name);

    private MathNode ParsePrimary()
    {
        _deadline.Check();
        SkipSpace();
        var c = Peek();
        if (char.IsDigit(c) || (c == '.' && char.IsDigit(PeekAt(1))))
        {
            return ParseNumber();
        }

        if (char.IsLetter(c) && c < 128)
        {
            _position++;
            return WithSubscript(char.ToLowerInvariant(c).ToString());
        }

        switch (c)
        {
            case 'π':
                _position++;
                return new ConstantNode(MathConstant.Pi);
            case '∞':
                _position++;
                return new ConstantNode(MathConstant.Infinity);
            case '√':
                _position++;
                return new PowNode(ParseUnaryNoSign(), new NumberNode(BigRational.Of(1, 2)));
            case '(':
            case '[':
                _position++;
                return ParseBracketed(c);
            case '{':
                return ParseBraceGroup();
            case '|':
                _position++;
                _absDepth++;
                var inner = ParseSum();
                _absDepth--;
                Expect("|");
                return new FunctionNode("abs", [inner]);
            case '\\':
                return ParseCommand();
            case '\0':
                throw new LatexParseException("unexpected end of answer");
            default:
                if (char.IsLetter(c))
                {
                    _position++;
                    return new SymbolNode(char.ToLowerInvariant(c).ToString());
                }

                throw new LatexParseException($"unexpected '{c}' at {_position}");
        }
    }

    private MathNode ParseNumber()
    {
        var start = _position;
        while (char.IsDigit(Peek()))
        {
            _position++;
        }

        var isFloat = false;
        if (Peek() == '.' && char.IsDigit(PeekAt(1)))
        {
            isFloat = true;
            _position++;
            while (char.IsDigit(Peek()))
            {
                _position++;
            }
        }

        return new NumberNode(BigRational.ParseDecimal(_text[start.._position]), isFloat);
    }

    private MathNode WithSubscript(string name)
    {
        if (Peek() != '_')
        {
            return new SymbolNode(name);
        }

        _position++;
        SkipSpace();
        string subscript;
        if (Peek() == '{')
        {
            subscript = BracedText().Replace(" ", "", StringComparison.Ordinal);
        }
        else if (Peek() == '\\')
        {
            _position++;
            subscript = ReadCommandName();
        }
        else
        {
            subscript = Peek().ToString();
            _position++;
        }

        return new SymbolNode($"{name}_{subscript.ToLowerInvariant()}");
    }

    private MathNode ParseBracketed(char open)
    {
        var groups = ParseList(topLevel: false);
        SkipSpace();
        var close = Peek();
        if (close is not (')' or ']'))
        {
            throw new LatexParseException($"unclosed '{open}'");
        }

        _position++;
        var items = groups.SelectMany(g => g).ToList();
        if (items.Count == 1 && groups.Count == 1)
        {
            return open == '(' && close == ')' || open == '[' && close == ']'
                ? items[0]
                : throw new LatexParseException("a half-open bracket around one value");
        }

        if (items.Count == 2 && groups.Count == 1 && !items.Any(Nodes.IsRelation))
        {
            // (a, b) is an open interval unless it would be empty, then a pair (as Math-Verify's parser decides).
            var leftOpen = open == '(';
            var rightOpen = close == ')';
            var order = Evaluator.TryCompareConstants(items[0], items[1]);
            var empty = order is { } o && ((leftOpen && rightOpen && o >= 0) || (!leftOpen && !rightOpen && o > 0));
            if (!empty)
            {
                return new IntervalNode(items[0], items[1], leftOpen, rightOpen);
            }
        }

        return new TupleNode(items);
    }

    private MathNode ParseBraceGroup()
    {
        var content = BracedText();
        var groups = new LatexParser(content, _deadline).ParseListToEnd();
        var items = groups.SelectMany(g => g).ToList();
        return items.Count == 1 && groups.Count == 1 ? items[0] : ElementsToSetOrTuple(groups);
    }

    private List<List<MathNode>> ParseListToEnd()
    {
        var groups = ParseList(topLevel: false);
        SkipSpace();
        return _position == _text.Length ? groups : throw new LatexParseException($"unexpected '{_text[_position]}' in a group");
    }

    private MathNode ParseSub(string text)
    {
        var parser = new LatexParser(text, _deadline);
        var node = parser.ParseSum();
        parser.SkipSpace();
        return parser._position == text.Length ? node : throw new LatexParseException($"unexpected '{text[parser._position]}' in '{text}'");
    }

    private MathNode ParseCommand()
    {
        var start = _position;
        _position++;
        var name = ReadCommandName();
        switch (name)
        {
            case "frac":
            case "dfrac":
            case "tfrac":
            case "cfrac":
            {
                var numerator = ParseArgument();
                var denominator = ParseArgument();
                var result = Nodes.Divide(numerator, denominator);
                LastWasFraction = result is NumberNode;
                return result;
            }

            case "sqrt":
            {
                MathNode index = NumberNode.Integer(2);
                SkipSpace();
                if (Peek() == '[')
                {
                    var close = _text.IndexOf(']', _position);
                    if (close < 0)
                    {
                        throw new LatexParseException("unclosed root index");
                    }

                    index = ParseSub(_text[(_position + 1)..close]);
                    _position = close + 1;
                }

                var radicand = ParseArgument();
                return new PowNode(radicand, Nodes.Divide(NumberNode.Integer(1), index));
            }

            case "pi":
                return new ConstantNode(MathConstant.Pi);
            case "infty":
            case "infin":
                return new ConstantNode(MathConstant.Infinity);
            case "emptyset":
            case "varnothing":
                return new NamedSetNode("EmptySet");
            case "text":
            case "mbox":
            case "textbf":
            case "textit":
            case "mathrm":
            case "operatorname":
            case "mathbf":
            case "mathit":
            case "textnormal":
            case "textrm":
                return ParseTextCommand(name);
            case "mathbb":
            {
                var set = BracedText().Trim();
                return new NamedSetNode(set switch { "R" => "Reals", "Z" => "Integers", "N" => "Naturals", "Q" => "Rationals", "C" => "Complexes", _ => set });
            }

            case "boxed":
            case "fbox":
            case "overline":
            case "bar":
            case "vec":
            case "hat":
            case "boldsymbol":
            case "mathcal":
            case "underline":
            case "widehat":
            case "overrightarrow":
                return ParseArgument();
            case "binom":
            case "dbinom":
            case "tbinom":
                return new FunctionNode("binom", [ParseArgument(), ParseArgument()]);
            case "lfloor":
                return Delimited("floor", "rfloor");
            case "lceil":
                return Delimited("ceiling", "rceil");
            case "{":
                return ParseSetLiteral();
            case "begin":
                return ParseEnvironment();
            case "circ":
                return NumberNode.Integer(1);
            case "sum":
            case "prod":
            case "int":
            case "lim":
                return ParseBigOperator(name);
            case "%":
                throw new LatexParseException("a percent sign without a number");
            default:
                if (Greek.Contains(name))
                {
                    return WithSubscript(name.ToLowerInvariant());
                }

                if (Functions.Contains(name))
                {
                    return ParseFunction(name);
                }

                _position = start;
                throw new LatexParseException($"unknown command \\{name}");
        }
    }

    /// <summary>A sum, product, integral or limit, kept whole: compared by its text, never evaluated.</summary>
    private MathNode ParseBigOperator(string name)
    {
        var bounds = new List<MathNode>();
        for (var i = 0; i < 2; i++)
        {
            SkipSpace();
            if (Peek() is '_' or '^')
            {
                _position++;
                SkipSpace();
                bounds.Add(Peek() == '{' ? new SymbolNode(BracedText().Replace(" ", "", StringComparison.Ordinal)) : ParseArgument());
            }
        }

        return new FunctionNode(name, [.. bounds, ParseProduct()]);
    }

    private MathNode ParseTextCommand(string name)
    {
        var content = BracedText();
        var word = TextWord().Replace(content, "").ToLowerInvariant();
        if (word.Length == 0)
        {
            throw new LatexParseException($"empty \\{name}");
        }

        return new SymbolNode(word);
    }

    private MathNode Delimited(string function, string closing)
    {
        var inner = ParseSum();
        SkipSpace();
        if (!TryCommand(closing))
        {
            throw new LatexParseException($"missing \\{closing}");
        }

        return new FunctionNode(function, [inner]);
    }

    private MathNode ParseSetLiteral()
    {
        var end = FindClosingSetBrace();
        var content = _text[_position..end];
        _position = end + 2;
        if (content.Trim().Length == 0)
        {
            return new NamedSetNode("EmptySet");
        }

        var groups = new LatexParser(content, _deadline).ParseListToEnd();
        return new SetNode([.. groups.SelectMany(g => g)]);
    }

    private int FindClosingSetBrace()
    {
        var depth = 0;
        for (var i = _position; i < _text.Length - 1; i++)
        {
            if (_text[i] == '\\' && _text[i + 1] == '{')
            {
                depth++;
                i++;
            }
            else if (_text[i] == '\\' && _text[i + 1] == '}')
            {
                if (depth-- == 0)
                {
                    return i;
                }

                i++;
            }
        }

        throw new LatexParseException("unclosed \\{");
    }

    private MathNode ParseEnvironment()
    {
        var environment = BracedText().Trim();
        var endTag = $"\\end{{{environment}}}";
        var end = _text.IndexOf(endTag, _position, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new LatexParseException($"unclosed environment {environment}");
        }

        var body = _text[_position..end];
        _position = end + endTag.Length;
        if (environment == "array" && body.TrimStart().StartsWith('{'))
        {
            var open = body.IndexOf('{', StringComparison.Ordinal);
            body = body[((BoxedContent.ClosingBrace(body, open, body.Length) ?? open) + 1)..];
        }

        if (!environment.EndsWith("matrix", StringComparison.Ordinal) && environment != "array")
        {
            throw new LatexParseException($"unsupported environment {environment}");
        }

        var rows = body.Split("\\\\")
            .Select(r => r.Trim())
            .Where(r => r.Length > 0 && r != "\\hline")
            .Select(r => (IReadOnlyList<MathNode>)[.. r.Split('&').Select(cell => ParseSub(cell))])
            .ToList();
        if (rows.Count == 0 || rows.Any(r => r.Count != rows[0].Count))
        {
            throw new LatexParseException("a matrix with ragged or no rows");
        }

        return new MatrixNode(rows);
    }

    private MathNode ParseFunction(string name)
    {
        SkipSpace();
        MathNode? power = null;
        MathNode? logBase = null;
        if (Peek() == '_' && name == "log")
        {
            _position++;
            logBase = ParseArgument();
            SkipSpace();
        }

        if (Peek() == '^')
        {
            _position++;
            power = ParseExponent();
            SkipSpace();
        }

        var argument = Peek() is '(' or '{' ? ParsePrimary() : ParseUnaryNoSign();
        var function = name switch
        {
            "lg" => new FunctionNode("log", [argument, NumberNode.Integer(10)]),
            "log" when logBase is not null => new FunctionNode("log", [argument, logBase]),
            "log" => new FunctionNode("ln", [argument]),
            _ => new FunctionNode(name, [argument]),
        };
        return power is null ? function : new PowNode(function, power);
    }

    private MathNode ParseArgument()
    {
        SkipSpace();
        if (Peek() == '{')
        {
            return ParseSub(BracedText());
        }

        if (char.IsDigit(Peek()))
        {
            _position++;
            return NumberNode.Integer(_text[_position - 1] - '0');
        }

        return ParsePrimary();
    }

    /// <summary>Reads "{…}" (braces balanced) at the position and returns what is inside.</summary>
    private string BracedText()
    {
        SkipSpace();
        if (Peek() != '{')
        {
            throw new LatexParseException($"expected '{{' at {_position}");
        }

        var close = BoxedContent.ClosingBrace(_text, _position, _text.Length) ?? throw new LatexParseException("unclosed '{'");
        var content = _text[(_position + 1)..close];
        _position = close + 1;
        return content;
    }

    private string ReadCommandName()
    {
        var start = _position;
        while (_position < _text.Length && char.IsLetter(_text[_position]))
        {
            _position++;
        }

        if (_position == start && _position < _text.Length)
        {
            _position++;
        }

        return _text[start.._position];
    }

    private string CommandNameAt(int position)
    {
        var end = position + 1;
        while (end < _text.Length && char.IsLetter(_text[end]))
        {
            end++;
        }

        if (end == position + 1 && end < _text.Length)
        {
            end++;
        }

        return _text[(position + 1)..end];
    }

    private bool TryCommand(string name)
    {
        SkipSpace();
        if (Peek() != '\\' || CommandNameAt(_position) != name)
        {
            return false;
        }

        _position += name.Length + 1;
        return true;
    }

    private bool TryConsume(string token)
    {
        SkipSpace();
        if (string.CompareOrdinal(_text, _position, token, 0, token.Length) != 0)
        {
            return false;
        }

        _position += token.Length;
        return true;
    }

    private void Expect(string token)
    {
        if (!TryConsume(token))
        {
            throw new LatexParseException($"expected '{token}' at {_position}");
        }
    }

    private void SkipSpace()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (char.IsWhiteSpace(c) || c is '&' or '~')
            {
                _position++;
            }
            else if (c == '\\' && _position + 1 < _text.Length && (_text[_position + 1] == '\\' || Spacing.Contains(CommandNameAt(_position))))
            {
                _position += _text[_position + 1] == '\\' ? 2 : CommandNameAt(_position).Length + 1;
            }
            else if (c == '\\' && (string.CompareOrdinal(_text, _position, "\\qquad", 0, 6) == 0 || string.CompareOrdinal(_text, _position, "\\quad", 0, 5) == 0))
            {
                // "\quadx": a spacing command run into the next letter.
                _position += string.CompareOrdinal(_text, _position, "\\qquad", 0, 6) == 0 ? 6 : 5;
            }
            else
            {
                return;
            }
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private char PeekAt(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    [GeneratedRegex(@"^\s*-?\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*$")]
    private static partial Regex CommaNumber();

    [GeneratedRegex(@"[\s()\\{}]")]
    private static partial Regex TextWord();
}
