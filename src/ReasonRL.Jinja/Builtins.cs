using System.Globalization;
using System.Text;

namespace ReasonRL.Jinja;

/// <summary>
/// Jinja's operators, filters, tests, global functions and the Python string/list/dict methods chat templates call,
/// with Python's semantics (integer vs float arithmetic, negative indices, slices, truthiness, <c>str()</c>).
/// </summary>
internal static class Builtins
{
    public static readonly IReadOnlyDictionary<string, JinjaFunction> Globals = new Dictionary<string, JinjaFunction>
    {
        ["raise_exception"] = (arguments, _) => throw new JinjaException(arguments.Count > 0 ? Values.ToText(arguments[0]) : "raise_exception called"),
        ["namespace"] = (arguments, keywords) =>
        {
            var space = new OrderedDictionary<string, object?>();
            foreach (var argument in arguments.OfType<OrderedDictionary<string, object?>>())
            {
                foreach (var (key, value) in argument)
                {
                    space[key] = value;
                }
            }

            foreach (var (key, value) in keywords)
            {
                space[key] = value;
            }

            return space;
        },
        ["range"] = (arguments, _) =>
        {
            var numbers = arguments.Select(a => ToLong(a, 0)).ToList();
            var (start, stop, step) = numbers.Count switch
            {
                1 => (0L, numbers[0], 1L),
                2 => (numbers[0], numbers[1], 1L),
                3 => (numbers[0], numbers[1], numbers[2]),
                _ => throw new JinjaException("range takes 1 to 3 arguments"),
            };
            if (step == 0)
            {
                throw new JinjaException("range step cannot be 0");
            }

            var list = new List<object?>();
            for (var i = start; step > 0 ? i < stop : i > stop; i += step)
            {
                list.Add(i);
            }

            return list;
        },
        ["dict"] = (_, keywords) =>
        {
            var dictionary = new OrderedDictionary<string, object?>();
            foreach (var (key, value) in keywords)
            {
                dictionary[key] = value;
            }

            return dictionary;
        },
    };

    public static string TypeName(object? value) => value switch
    {
        null => "none",
        Undefined => "undefined",
        bool => "a boolean",
        long => "an integer",
        double => "a float",
        string => "a string",
        List<object?> => "a list",
        OrderedDictionary<string, object?> => "a mapping",
        JinjaFunction => "a function",
        _ => value.GetType().Name,
    };

    public static IEnumerable<object?> Iterate(object? value, int line) => value switch
    {
        List<object?> list => list,
        OrderedDictionary<string, object?> dictionary => dictionary.Keys,
        string s => s.EnumerateRunes().Select(r => (object?)r.ToString()),
        Undefined or null => [],
        _ => throw new JinjaException($"line {line}: {TypeName(value)} cannot be iterated"),
    };

    public static object? GetAttribute(object? target, string name) => target switch
    {
        OrderedDictionary<string, object?> dictionary => dictionary.TryGetValue(name, out var value) ? value : Undefined.Instance,
        List<object?> list when int.TryParse(name, out var index) => index < list.Count ? list[index] : Undefined.Instance,
        _ => Undefined.Instance,
    };

    public static object? GetItem(object? target, object? index, int line)
    {
        switch (target)
        {
            case OrderedDictionary<string, object?> dictionary:
                return dictionary.TryGetValue(Values.ToText(index), out var value) ? value : Undefined.Instance;
            case List<object?> list when index is long i:
                var position = i < 0 ? list.Count + i : i;
                return position >= 0 && position < list.Count ? list[(int)position] : Undefined.Instance;
            case string s when index is long i:
                var runes = s.EnumerateRunes().ToList();
                var at = i < 0 ? runes.Count + i : i;
                return at >= 0 && at < runes.Count ? runes[(int)at].ToString() : Undefined.Instance;
            case Undefined or null:
                return Undefined.Instance;
            default:
                if (index is string name)
                {
                    return GetAttribute(target, name);
                }

                throw new JinjaException($"line {line}: {TypeName(target)} cannot be indexed by {TypeName(index)}");
        }
    }

    /// <summary>Python's <c>x[start:stop:step]</c> for lists and strings.</summary>
    public static object? Slice(object? target, object? start, object? stop, object? step, int line)
    {
        var stride = step is null ? 1 : ToLong(step, line);
        if (stride == 0)
        {
            throw new JinjaException($"line {line}: slice step cannot be zero");
        }

        List<object?> items = target switch
        {
            List<object?> list => list,
            string s => [.. s.EnumerateRunes().Select(r => (object?)r.ToString())],
            Undefined or null => [],
            _ => throw new JinjaException($"line {line}: {TypeName(target)} cannot be sliced"),
        };
        var count = items.Count;
        long Clamp(object? bound, long fallback)
        {
            if (bound is null)
            {
                return fallback;
            }

            var value = ToLong(bound, line);
            if (value < 0)
            {
                value += count;
            }

            return stride > 0 ? Math.Clamp(value, 0, count) : Math.Clamp(value, -1, count - 1);
        }

        var from = Clamp(start, stride > 0 ? 0 : count - 1);
        var to = Clamp(stop, stride > 0 ? count : -1);
        var result = new List<object?>();
        for (var i = from; stride > 0 ? i < to : i > to; i += stride)
        {
            result.Add(items[(int)i]);
        }

        return target is string ? string.Concat(result.Select(Values.ToText)) : result;
    }

    public static object? Negate(object? value, int line) => value switch
    {
        long l => (object)(-l),
        double d => -d,
        _ => throw new JinjaException($"line {line}: cannot negate {TypeName(value)}"),
    };

    public static object? BinaryOperation(string op, object? left, object? right, int line)
    {
        switch (op)
        {
            case "==":
                return AreEqual(left, right);
            case "!=":
                return !AreEqual(left, right);
            case "<" or ">" or "<=" or ">=":
                var order = Compare(left, right, line);
                return op switch { "<" => order < 0, ">" => order > 0, "<=" => order <= 0, _ => order >= 0 };
            case "in":
                return Contains(right, left, line);
            case "not in":
                return !Contains(right, left, line);
            case "~":
                return Values.ToText(left) + Values.ToText(right);
            case "+":
                return (left, right) switch
                {
                    (string a, string b) => a + b,
                    (List<object?> a, List<object?> b) => a.Concat(b).ToList(),
                    _ => Arithmetic(op, left, right, line),
                };
            case "*" when left is string text && right is long times:
                return string.Concat(Enumerable.Repeat(text, (int)Math.Max(0, times)));
            case "*" when left is List<object?> list && right is long times:
                return Enumerable.Repeat(list, (int)Math.Max(0, times)).SelectMany(l => l).ToList();
            default:
                return Arithmetic(op, left, right, line);
        }
    }

    private static object? Arithmetic(string op, object? left, object? right, int line)
    {
        if (!IsNumber(left) || !IsNumber(right))
        {
            throw new JinjaException($"line {line}: unsupported operand types for {op}: {TypeName(left)} and {TypeName(right)}");
        }

        if (left is long a && right is long b && op != "/")
        {
            return op switch
            {
                "+" => (object)(a + b),
                "-" => a - b,
                "*" => a * b,
                "//" => b == 0 ? throw new JinjaException($"line {line}: division by zero") : FloorDiv(a, b),
                "%" => b == 0 ? throw new JinjaException($"line {line}: modulo by zero") : a - (b * FloorDiv(a, b)),
                "**" => b >= 0 ? (object)(long)Math.Pow(a, b) : Math.Pow(a, b),
                _ => throw new JinjaException($"line {line}: unknown operator {op}"),
            };
        }

        var x = ToDouble(left);
        var y = ToDouble(right);
        return op switch
        {
            "+" => x + y,
            "-" => x - y,
            "*" => x * y,
            "/" => y == 0 ? throw new JinjaException($"line {line}: division by zero") : x / y,
            "//" => Math.Floor(x / y),
            "%" => x - (y * Math.Floor(x / y)),
            "**" => Math.Pow(x, y),
            _ => throw new JinjaException($"line {line}: unknown operator {op}"),
        };
    }

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);

    private static bool IsNumber(object? value) => value is long or double or bool;

    private static double ToDouble(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => 0,
    };

    public static long ToLong(object? value, int line) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        double d => (long)d,
        _ => throw new JinjaException($"line {line}: expected an integer, got {TypeName(value)}"),
    };

    public static bool AreEqual(object? left, object? right) => (left, right) switch
    {
        (null, null) => true,
        (Undefined, Undefined) => true,
        (string a, string b) => a == b,
        (List<object?> a, List<object?> b) => a.Count == b.Count && a.Zip(b).All(p => AreEqual(p.First, p.Second)),
        (OrderedDictionary<string, object?> a, OrderedDictionary<string, object?> b) =>
            a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && AreEqual(p.Value, v)),
        _ when IsNumber(left) && IsNumber(right) => ToDouble(left) == ToDouble(right),
        _ => false,
    };

    private static int Compare(object? left, object? right, int line) => (left, right) switch
    {
        (string a, string b) => string.CompareOrdinal(a, b),
        _ when IsNumber(left) && IsNumber(right) => ToDouble(left).CompareTo(ToDouble(right)),
        _ => throw new JinjaException($"line {line}: cannot compare {TypeName(left)} with {TypeName(right)}"),
    };

    private static bool Contains(object? container, object? item, int line) => container switch
    {
        string s => item is string part ? s.Contains(part, StringComparison.Ordinal) : throw new JinjaException($"line {line}: 'in <string>' needs a string, got {TypeName(item)}"),
        List<object?> list => list.Any(v => AreEqual(v, item)),
        OrderedDictionary<string, object?> dictionary => item is string key && dictionary.ContainsKey(key),
        Undefined or null => false,
        _ => throw new JinjaException($"line {line}: 'in' needs a string, list or mapping, got {TypeName(container)}"),
    };

    public static bool ApplyTest(string name, object? value, List<object?> arguments, int line) => name switch
    {
        "none" => value is null,
        "string" => value is string,
        "number" => value is long or double,
        "integer" => value is long,
        "float" => value is double,
        "boolean" => value is bool,
        "true" => value is true,
        "false" => value is false,
        "mapping" => value is OrderedDictionary<string, object?>,
        "sequence" => value is List<object?> or string or OrderedDictionary<string, object?>,
        "iterable" => value is List<object?> or string or OrderedDictionary<string, object?>,
        "callable" => value is JinjaFunction,
        "odd" => ToLong(value, line) % 2 != 0,
        "even" => ToLong(value, line) % 2 == 0,
        "divisibleby" => ToLong(value, line) % ToLong(Argument(arguments, 0, name, line), line) == 0,
        "lower" => value is string lower && lower == lower.ToLowerInvariant(),
        "upper" => value is string upper && upper == upper.ToUpperInvariant(),
        "equalto" or "eq" or "==" or "sameas" => AreEqual(value, Argument(arguments, 0, name, line)),
        "ne" or "!=" => !AreEqual(value, Argument(arguments, 0, name, line)),
        "in" => Contains(Argument(arguments, 0, name, line), value, line),
        "lt" or "<" => Compare(value, Argument(arguments, 0, name, line), line) < 0,
        "gt" or ">" => Compare(value, Argument(arguments, 0, name, line), line) > 0,
        "le" or "<=" => Compare(value, Argument(arguments, 0, name, line), line) <= 0,
        "ge" or ">=" => Compare(value, Argument(arguments, 0, name, line), line) >= 0,
        _ => throw new JinjaException($"line {line}: unknown test '{name}'"),
    };

    private static object? Argument(List<object?> arguments, int index, string name, int line) =>
        index < arguments.Count ? arguments[index] : throw new JinjaException($"line {line}: '{name}' needs an argument");

    public static object? ApplyFilter(string name, object? value, List<object?> arguments, Dictionary<string, object?> keywords, int line)
    {
        object? Arg(int index, string keyword, object? fallback) =>
            index < arguments.Count ? arguments[index] : keywords.TryGetValue(keyword, out var v) ? v : fallback;

        switch (name)
        {
            case "trim":
                return Values.ToText(value).Trim();
            case "tojson":
                return Values.ToJson(value, Arg(0, "indent", null) is long indent ? (int)indent : null);
            case "length" or "count":
                return value switch
                {
                    string s => (long)s.EnumerateRunes().Count(),
                    List<object?> list => (long)list.Count,
                    OrderedDictionary<string, object?> dictionary => (long)dictionary.Count,
                    Undefined or null => 0L,
                    _ => throw new JinjaException($"line {line}: {TypeName(value)} has no length"),
                };
            case "upper":
                return Values.ToText(value).ToUpperInvariant();
            case "lower":
                return Values.ToText(value).ToLowerInvariant();
            case "capitalize":
                var text = Values.ToText(value);
                return text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..].ToLowerInvariant();
            case "title":
                return TitleCase(Values.ToText(value));
            case "string":
                return Values.ToText(value);
            case "safe" or "e" or "escape" when name == "safe":
                return value;
            case "int":
                return value switch
                {
                    long l => l,
                    double d => (long)d,
                    bool b => b ? 1L : 0L,
                    string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
                    string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => (long)parsed,
                    _ => Arg(0, "default", 0L),
                };
            case "float":
                return value switch
                {
                    long l => (double)l,
                    double d => d,
                    string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                    _ => Arg(0, "default", 0.0),
                };
            case "abs":
                return value switch { long l => (object)Math.Abs(l), double d => Math.Abs(d), _ => throw new JinjaException($"line {line}: abs of {TypeName(value)}") };
            case "round":
                var digits = (int)ToLong(Arg(0, "precision", 0L), line);
                return Math.Round(ToDouble(value), digits, MidpointRounding.AwayFromZero);
            case "default" or "d":
                var fallback = Arg(0, "default_value", "");
                var boolean = Values.IsTrue(Arg(1, "boolean", false));
                return value is Undefined || (boolean && !Values.IsTrue(value)) ? fallback : value;
            case "list":
                return Iterate(value, line).ToList();
            case "first":
                return Iterate(value, line).FirstOrDefault(Undefined.Instance);
            case "last":
                var all = Iterate(value, line).ToList();
                return all.Count > 0 ? all[^1] : Undefined.Instance;
            case "reverse":
                return value is string r ? string.Concat(r.EnumerateRunes().Reverse().Select(x => x.ToString())) : Iterate(value, line).Reverse().ToList();
            case "join":
                var separator = Values.ToText(Arg(0, "d", ""));
                var attribute = Arg(1, "attribute", null);
                return string.Join(separator, Iterate(value, line).Select(item => Values.ToText(attribute is null ? item : GetAttribute(item, Values.ToText(attribute)))));
            case "replace":
                return Replace(Values.ToText(value), Values.ToText(Arg(0, "old", "")), Values.ToText(Arg(1, "new", "")), Arg(2, "count", null) is long c ? c : -1);
            case "items":
                return value is OrderedDictionary<string, object?> map
                    ? map.Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList()
                    : throw new JinjaException($"line {line}: items of {TypeName(value)}");
            case "unique":
                var seen = new List<object?>();
                foreach (var item in Iterate(value, line))
                {
                    if (!seen.Any(s => AreEqual(s, item)))
                    {
                        seen.Add(item);
                    }
                }

                return seen;
            case "sum":
                return Iterate(value, line).Aggregate((object?)0L, (total, item) => BinaryOperation("+", total, item, line));
            case "min" or "max":
                var values = Iterate(value, line).ToList();
                return values.Count == 0 ? Undefined.Instance
                    : values.Aggregate((a, b) => (Compare(a, b, line) <= 0) == (name == "min") ? a : b);
            case "indent":
                var width = Arg(0, "width", 4L) is long w ? new string(' ', (int)w) : Values.ToText(Arg(0, "width", ""));
                var first = Values.IsTrue(Arg(1, "first", false));
                var lines = Values.ToText(value).Split('\n');
                return string.Join('\n', lines.Select((l, i) => (i == 0 && !first) || l.Length == 0 ? l : width + l));
            case "selectattr" or "rejectattr":
                var keep = name == "selectattr";
                var field = Values.ToText(Arg(0, "attribute", ""));
                return Iterate(value, line).Where(item =>
                {
                    var attributeValue = GetAttribute(item, field);
                    var passed = arguments.Count > 1
                        ? ApplyTest(Values.ToText(arguments[1]), attributeValue, [.. arguments.Skip(2)], line)
                        : Values.IsTrue(attributeValue);
                    return passed == keep;
                }).ToList();
            case "select" or "reject":
                var accept = name == "select";
                return Iterate(value, line).Where(item =>
                    (arguments.Count > 0 ? ApplyTest(Values.ToText(arguments[0]), item, [.. arguments.Skip(1)], line) : Values.IsTrue(item)) == accept).ToList();
            case "map":
                if (keywords.TryGetValue("attribute", out var mapped))
                {
                    var key = Values.ToText(mapped);
                    return Iterate(value, line).Select(item => GetAttribute(item, key) is Undefined && keywords.TryGetValue("default", out var d) ? d : GetAttribute(item, key)).ToList();
                }

                var filter = Values.ToText(Argument(arguments, 0, name, line));
                return Iterate(value, line).Select(item => ApplyFilter(filter, item, [.. arguments.Skip(1)], [], line)).ToList();
            case "dictsort":
                return value is OrderedDictionary<string, object?> sortable
                    ? sortable.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList()
                    : throw new JinjaException($"line {line}: dictsort of {TypeName(value)}");
            case "wordcount":
                return (long)Values.ToText(value).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            default:
                throw new JinjaException($"line {line}: unknown filter '{name}'");
        }
    }

    private static string TitleCase(string text)
    {
        var builder = new StringBuilder(text.Length);
        var previousIsLetter = false;
        foreach (var c in text)
        {
            builder.Append(previousIsLetter ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c));
            previousIsLetter = char.IsLetter(c);
        }

        return builder.ToString();
    }

    private static string Replace(string text, string old, string replacement, long count)
    {
        if (count < 0)
        {
            return old.Length == 0 ? text : text.Replace(old, replacement, StringComparison.Ordinal);
        }

        var builder = new StringBuilder();
        var at = 0;
        for (var done = 0L; done < count; done++)
        {
            var found = text.IndexOf(old, at, StringComparison.Ordinal);
            if (found < 0 || old.Length == 0)
            {
                break;
            }

            builder.Append(text, at, found - at).Append(replacement);
            at = found + old.Length;
        }

        return builder.Append(text, at, text.Length - at).ToString();
    }

    /// <summary>The Python methods of str, list and dict that templates call.</summary>
    public static bool TryCallMethod(object? target, string name, List<object?> arguments, Dictionary<string, object?> keywords, int line, out object? result)
    {
        object? Arg(int index) => index < arguments.Count ? arguments[index] : null;
        result = null;
        switch (target)
        {
            case string s:
                result = name switch
                {
                    "strip" => Arg(0) is string chars ? s.Trim(chars.ToCharArray()) : s.Trim(),
                    "lstrip" => Arg(0) is string chars ? s.TrimStart(chars.ToCharArray()) : s.TrimStart(),
                    "rstrip" => Arg(0) is string chars ? s.TrimEnd(chars.ToCharArray()) : s.TrimEnd(),
                    "upper" => s.ToUpperInvariant(),
                    "lower" => s.ToLowerInvariant(),
                    "title" => TitleCase(s),
                    "capitalize" => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant(),
                    "startswith" => Affix(Arg(0)).Any(p => s.StartsWith(p, StringComparison.Ordinal)),
                    "endswith" => Affix(Arg(0)).Any(p => s.EndsWith(p, StringComparison.Ordinal)),
                    "split" => Split(s, Arg(0) as string, Arg(1) is long max ? max : -1),
                    "replace" => Replace(s, Values.ToText(Arg(0)), Values.ToText(Arg(1)), Arg(2) is long count ? count : -1),
                    "find" => (long)s.IndexOf(Values.ToText(Arg(0)), StringComparison.Ordinal),
                    "count" => (long)CountOf(s, Values.ToText(Arg(0))),
                    "join" => string.Join(s, Iterate(Arg(0), line).Select(Values.ToText)),
                    "format" => FormatPositional(s, arguments),
                    _ => Undefined.Instance,
                };
                return result is not Undefined;
            case List<object?> list:
                switch (name)
                {
                    case "append":
                        list.Add(Arg(0));
                        return true;
                    case "index":
                        result = (long)list.FindIndex(v => AreEqual(v, Arg(0)));
                        return true;
                    case "count":
                        result = (long)list.Count(v => AreEqual(v, Arg(0)));
                        return true;
                    default:
                        return false;
                }

            case OrderedDictionary<string, object?> dictionary:
                switch (name)
                {
                    case "items":
                        result = dictionary.Select(p => (object?)new List<object?> { p.Key, p.Value }).ToList();
                        return true;
                    case "keys":
                        result = dictionary.Keys.Select(k => (object?)k).ToList();
                        return true;
                    case "values":
                        result = dictionary.Values.ToList();
                        return true;
                    case "get":
                        result = dictionary.TryGetValue(Values.ToText(Arg(0)), out var found) ? found : Arg(1);
                        return true;
                    default:
                        return false;
                }

            default:
                return false;
        }
    }

    private static IEnumerable<string> Affix(object? value) => value switch
    {
        string s => [s],
        List<object?> list => list.Select(Values.ToText),
        _ => [],
    };

    /// <summary>Python's <c>str.split(sep, maxsplit)</c>: without a separator, runs of white space, ends ignored.</summary>
    private static List<object?> Split(string text, string? separator, long maxSplit)
    {
        var parts = new List<object?>();
        if (separator is null)
        {
            var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (maxSplit < 0 || words.Length <= maxSplit + 1)
            {
                return [.. words];
            }

            var trimmed = text.TrimStart();
            for (var i = 0; i < maxSplit; i++)
            {
                var end = trimmed.IndexOfAny([' ', '\t', '\n', '\r', '\f', '\v']);
                parts.Add(trimmed[..end]);
                trimmed = trimmed[end..].TrimStart();
            }

            parts.Add(trimmed);
            return parts;
        }

        if (separator.Length == 0)
        {
            throw new JinjaException("split: empty separator");
        }

        var at = 0;
        while (maxSplit < 0 || parts.Count < maxSplit)
        {
            var found = text.IndexOf(separator, at, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }

            parts.Add(text[at..found]);
            at = found + separator.Length;
        }

        parts.Add(text[at..]);
        return parts;
    }

    private static int CountOf(string text, string part)
    {
        if (part.Length == 0)
        {
            return text.Length + 1;
        }

        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string FormatPositional(string format, List<object?> arguments)
    {
        var builder = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] == '{' && i + 1 < format.Length && format[i + 1] == '}')
            {
                builder.Append(next < arguments.Count ? Values.ToText(arguments[next++]) : "");
                i++;
            }
            else
            {
                builder.Append(format[i]);
            }
        }

        return builder.ToString();
    }
}
