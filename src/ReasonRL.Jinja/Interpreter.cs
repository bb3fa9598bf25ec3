using System.Globalization;
using System.Text;

namespace ReasonRL.Jinja;

/// <summary>
/// Renders parsed statements. Scopes follow Jinja: a <c>for</c> body has its own (a <c>set</c> inside a loop does not
/// change the variable outside it; templates use <c>namespace()</c> for that), an <c>if</c> body does not.
/// </summary>
internal sealed class Interpreter
{
    private readonly List<Dictionary<string, object?>> _scopes;
    private readonly StringBuilder _output = new();

    public Interpreter(IReadOnlyDictionary<string, object?> context)
    {
        var globals = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, function) in Builtins.Globals)
        {
            globals[name] = function;
        }

        foreach (var (name, value) in context)
        {
            globals[name] = value;
        }

        _scopes = [globals];
    }

    private sealed class BreakSignal : Exception;

    private sealed class ContinueSignal : Exception;

    public string Render(List<Node> nodes)
    {
        Execute(nodes);
        return _output.ToString();
    }

    private void Execute(List<Node> nodes)
    {
        foreach (var node in nodes)
        {
            Execute(node);
        }
    }

    private void Execute(Node node)
    {
        switch (node)
        {
            case Node.Text text:
                _output.Append(text.Value);
                break;
            case Node.Output output:
                _output.Append(Values.ToText(Evaluate(output.Value)));
                break;
            case Node.If conditional:
                foreach (var (condition, body) in conditional.Branches)
                {
                    if (Values.IsTrue(Evaluate(condition)))
                    {
                        Execute(body);
                        return;
                    }
                }

                if (conditional.Else is { } otherwise)
                {
                    Execute(otherwise);
                }

                break;
            case Node.For loop:
                ExecuteFor(loop);
                break;
            case Node.Set set:
                ExecuteSet(set);
                break;
            case Node.Macro macro:
                _scopes[^1][macro.Name] = MakeMacro(macro);
                break;
            case Node.Break:
                throw new BreakSignal();
            case Node.Continue:
                throw new ContinueSignal();
        }
    }

    private void ExecuteFor(Node.For loop)
    {
        var items = Builtins.Iterate(Evaluate(loop.Iterable), loop.Iterable.Line).ToList();
        if (loop.Filter is { } filter)
        {
            items = [.. items.Where(item =>
            {
                _scopes.Add(Bind(loop.Targets, item, loop.Iterable.Line));
                try
                {
                    return Values.IsTrue(Evaluate(filter));
                }
                finally
                {
                    _scopes.RemoveAt(_scopes.Count - 1);
                }
            })];
        }

        if (items.Count == 0)
        {
            if (loop.Else is { } otherwise)
            {
                Execute(otherwise);
            }

            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var scope = Bind(loop.Targets, items[i], loop.Iterable.Line);
            scope["loop"] = new OrderedDictionary<string, object?>
            {
                ["index"] = (long)(i + 1),
                ["index0"] = (long)i,
                ["revindex"] = (long)(items.Count - i),
                ["revindex0"] = (long)(items.Count - i - 1),
                ["first"] = i == 0,
                ["last"] = i == items.Count - 1,
                ["length"] = (long)items.Count,
                ["previtem"] = i > 0 ? items[i - 1] : Undefined.Instance,
                ["nextitem"] = i + 1 < items.Count ? items[i + 1] : Undefined.Instance,
            };
            _scopes.Add(scope);
            try
            {
                Execute(loop.Body);
            }
            catch (ContinueSignal)
            {
            }
            catch (BreakSignal)
            {
                break;
            }
            finally
            {
                _scopes.RemoveAt(_scopes.Count - 1);
            }
        }
    }

    private static Dictionary<string, object?> Bind(List<string> targets, object? item, int line)
    {
        var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (targets.Count == 1)
        {
            scope[targets[0]] = item;
            return scope;
        }

        var parts = item as List<object?> ?? throw new JinjaException($"line {line}: cannot unpack {Builtins.TypeName(item)} into {targets.Count} names");
        if (parts.Count != targets.Count)
        {
            throw new JinjaException($"line {line}: cannot unpack {parts.Count} values into {targets.Count} names");
        }

        for (var i = 0; i < targets.Count; i++)
        {
            scope[targets[i]] = parts[i];
        }

        return scope;
    }

    private void ExecuteSet(Node.Set set)
    {
        object? value;
        if (set.Body is { } body)
        {
            var saved = _output.Length;
            Execute(body);
            value = _output.ToString(saved, _output.Length - saved);
            _output.Length = saved;
        }
        else
        {
            value = Evaluate(set.Value!);
        }

        if (set.Attribute is { } attribute)
        {
            var target = Lookup(set.Targets[0]);
            if (target is not OrderedDictionary<string, object?> namespaceObject)
            {
                throw new JinjaException($"cannot set '{attribute}' on {set.Targets[0]}, which is {Builtins.TypeName(target)} (only a namespace() takes attributes)");
            }

            namespaceObject[attribute] = value;
            return;
        }

        foreach (var (name, item) in Bind(set.Targets, value, 0))
        {
            _scopes[^1][name] = item;
        }
    }

    private JinjaFunction MakeMacro(Node.Macro macro) => (arguments, keywords) =>
    {
        var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < macro.Parameters.Count; i++)
        {
            var (name, fallback) = macro.Parameters[i];
            scope[name] = i < arguments.Count ? arguments[i]
                : keywords.TryGetValue(name, out var keyword) ? keyword
                : fallback is null ? Undefined.Instance : Evaluate(fallback);
        }

        var saved = _output.Length;
        _scopes.Add(scope);
        try
        {
            Execute(macro.Body);
        }
        finally
        {
            _scopes.RemoveAt(_scopes.Count - 1);
        }

        var text = _output.ToString(saved, _output.Length - saved);
        _output.Length = saved;
        return text;
    };

    private object? Lookup(string name)
    {
        for (var i = _scopes.Count - 1; i >= 0; i--)
        {
            if (_scopes[i].TryGetValue(name, out var value))
            {
                return value;
            }
        }

        return Undefined.Instance;
    }

    public object? Evaluate(Expr expression)
    {
        switch (expression)
        {
            case Expr.Literal literal:
                return literal.Value;
            case Expr.Variable name:
                return Lookup(name.Identifier);
            case Expr.ListDisplay list:
                return list.Items.Select(Evaluate).ToList();
            case Expr.DictDisplay dictionary:
                var result = new OrderedDictionary<string, object?>();
                foreach (var (key, value) in dictionary.Items)
                {
                    result[Values.ToText(Evaluate(key))] = Evaluate(value);
                }

                return result;
            case Expr.Attribute attribute:
                return Builtins.GetAttribute(Evaluate(attribute.Target), attribute.Name);
            case Expr.Subscript subscript:
                return Builtins.GetItem(Evaluate(subscript.Target), Evaluate(subscript.Index), subscript.Line);
            case Expr.Slice slice:
                return Builtins.Slice(
                    Evaluate(slice.Target),
                    slice.Start is null ? null : Evaluate(slice.Start),
                    slice.Stop is null ? null : Evaluate(slice.Stop),
                    slice.Step is null ? null : Evaluate(slice.Step),
                    slice.Line);
            case Expr.Call call:
                return EvaluateCall(call);
            case Expr.Filter filter:
                return Builtins.ApplyFilter(
                    filter.Name,
                    Evaluate(filter.Target),
                    [.. filter.Arguments.Select(Evaluate)],
                    filter.Keywords.ToDictionary(k => k.Name, k => Evaluate(k.Value)),
                    filter.Line);
            case Expr.Test test:
                var outcome = test.Name == "defined" || test.Name == "undefined"
                    ? (Evaluate(test.Target) is Undefined) == (test.Name == "undefined")
                    : Builtins.ApplyTest(test.Name, Evaluate(test.Target), [.. test.Arguments.Select(Evaluate)], test.Line);
                return outcome != test.Negated;
            case Expr.Unary unary:
                var operand = Evaluate(unary.Operand);
                return unary.Operator == "not" ? !Values.IsTrue(operand) : Builtins.Negate(operand, unary.Line);
            case Expr.Binary binary:
                return EvaluateBinary(binary);
            case Expr.Conditional conditional:
                return Values.IsTrue(Evaluate(conditional.Condition))
                    ? Evaluate(conditional.Then)
                    : conditional.Else is null ? Undefined.Instance : Evaluate(conditional.Else);
            default:
                throw new JinjaException($"line {expression.Line}: cannot evaluate {expression.GetType().Name}");
        }
    }

    private object? EvaluateCall(Expr.Call call)
    {
        var arguments = call.Arguments.Select(Evaluate).ToList();
        var keywords = call.Keywords.ToDictionary(k => k.Name, k => Evaluate(k.Value));
        if (call.Callee is Expr.Attribute method)
        {
            var target = Evaluate(method.Target);
            if (Builtins.TryCallMethod(target, method.Name, arguments, keywords, call.Line, out var result))
            {
                return result;
            }

            return Invoke(Builtins.GetAttribute(target, method.Name), method.Name, arguments, keywords, call.Line);
        }

        var name = call.Callee is Expr.Variable n ? n.Identifier : "expression";
        return Invoke(Evaluate(call.Callee), name, arguments, keywords, call.Line);
    }

    private static object? Invoke(object? callee, string name, List<object?> arguments, Dictionary<string, object?> keywords, int line) =>
        callee is JinjaFunction function
            ? function(arguments, keywords)
            : throw new JinjaException($"line {line}: '{name}' is {Builtins.TypeName(callee)}, not a function");

    private object? EvaluateBinary(Expr.Binary binary)
    {
        if (binary.Operator == "and")
        {
            var left = Evaluate(binary.Left);
            return Values.IsTrue(left) ? Evaluate(binary.Right) : left;
        }

        if (binary.Operator == "or")
        {
            var left = Evaluate(binary.Left);
            return Values.IsTrue(left) ? left : Evaluate(binary.Right);
        }

        return Builtins.BinaryOperation(binary.Operator, Evaluate(binary.Left), Evaluate(binary.Right), binary.Line);
    }

    internal static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
