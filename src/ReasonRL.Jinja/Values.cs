using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ReasonRL.Jinja;

/// <summary>A failure while parsing or rendering a template (including the template's own <c>raise_exception</c>).</summary>
public sealed class JinjaException(string message) : Exception(message)
{
    public JinjaException()
        : this("template error")
    {
    }

    public JinjaException(string message, Exception innerException)
        : this(message + ": " + innerException.Message)
    {
    }
}

/// <summary>Jinja's undefined value: prints as nothing, is false, and any attribute of it is undefined too.</summary>
public sealed class Undefined
{
    public static Undefined Instance { get; } = new();

    private Undefined()
    {
    }

    public override string ToString() => "";
}

/// <summary>A function a template can call: positional and keyword arguments → value.</summary>
public delegate object? JinjaFunction(IReadOnlyList<object?> arguments, IReadOnlyDictionary<string, object?> keywords);

/// <summary>
/// The values templates see, as Python sees them: null (None), <see cref="Undefined"/>, bool, long, double, string,
/// <see cref="List{T}"/> of values, <see cref="OrderedDictionary{TKey,TValue}"/> of string → value, and
/// <see cref="JinjaFunction"/>. Strings print as Python's <c>str()</c> prints them.
/// </summary>
public static class Values
{
    /// <summary>A JSON value (for instance a message list) as template values; integers stay integers.</summary>
    public static object? FromJson(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToDictionary(element),
        JsonValueKind.Array => element.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var integer) ? (object)integer : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static OrderedDictionary<string, object?> ToDictionary(JsonElement element)
    {
        var dictionary = new OrderedDictionary<string, object?>();
        foreach (var property in element.EnumerateObject())
        {
            dictionary[property.Name] = FromJson(property.Value);
        }

        return dictionary;
    }

    public static bool IsTrue(object? value) => value switch
    {
        null or Undefined => false,
        bool b => b,
        long l => l != 0,
        double d => d != 0,
        string s => s.Length > 0,
        List<object?> list => list.Count > 0,
        OrderedDictionary<string, object?> dictionary => dictionary.Count > 0,
        _ => true,
    };

    /// <summary>Python's <c>str()</c>.</summary>
    public static string ToText(object? value) => value switch
    {
        string s => s,
        Undefined => "",
        _ => Repr(value, top: true),
    };

    /// <summary>Python's <c>repr()</c> (strings quoted), used inside lists and dicts.</summary>
    public static string Repr(object? value, bool top = false) => value switch
    {
        null => "None",
        Undefined => "",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        string s when top => s,
        string s => QuoteString(s),
        List<object?> list => "[" + string.Join(", ", list.Select(v => Repr(v))) + "]",
        OrderedDictionary<string, object?> dictionary => "{" + string.Join(", ", dictionary.Select(p => QuoteString(p.Key) + ": " + Repr(p.Value))) + "}",
        JinjaFunction => "<function>",
        _ => value.ToString() ?? "",
    };

    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }

        if (double.IsInfinity(d))
        {
            return d > 0 ? "inf" : "-inf";
        }

        var text = d.ToString("R", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text.Replace("E", "e", StringComparison.Ordinal) : text + ".0";
    }

    private static string QuoteString(string s)
    {
        var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder().Append(quote);
        foreach (var c in s)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when c == quote => "\\" + c,
                _ => c.ToString(),
            });
        }

        return builder.Append(quote).ToString();
    }

    /// <summary>
    /// transformers' <c>tojson</c>: <c>json.dumps(value, ensure_ascii=False, indent=indent)</c>, so ", " and ": "
    /// separate items on one line, and with an indent each item is on its own line.
    /// </summary>
    public static string ToJson(object? value, int? indent = null)
    {
        var builder = new StringBuilder();
        WriteJson(builder, value, indent, 0);
        return builder.ToString();
    }

    private static void WriteJson(StringBuilder builder, object? value, int? indent, int depth)
    {
        switch (value)
        {
            case null or Undefined:
                builder.Append("null");
                break;
            case bool b:
                builder.Append(b ? "true" : "false");
                break;
            case long l:
                builder.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                builder.Append(double.IsFinite(d) ? FormatFloat(d) : d > 0 ? "Infinity" : double.IsNaN(d) ? "NaN" : "-Infinity");
                break;
            case string s:
                WriteJsonString(builder, s);
                break;
            case List<object?> list:
                WriteItems(builder, '[', ']', list.Count, indent, depth, i => WriteJson(builder, list[i], indent, depth + 1));
                break;
            case OrderedDictionary<string, object?> dictionary:
                WriteItems(builder, '{', '}', dictionary.Count, indent, depth, i =>
                {
                    var (key, item) = dictionary.GetAt(i);
                    WriteJsonString(builder, key);
                    builder.Append(": ");
                    WriteJson(builder, item, indent, depth + 1);
                });
                break;
            default:
                throw new JinjaException($"tojson cannot write a {value.GetType().Name}");
        }
    }

    private static void WriteItems(StringBuilder builder, char open, char close, int count, int? indent, int depth, Action<int> item)
    {
        builder.Append(open);
        if (count == 0)
        {
            builder.Append(close);
            return;
        }

        for (var i = 0; i < count; i++)
        {
            if (indent is { } width)
            {
                builder.Append(i == 0 ? "\n" : ",\n").Append(' ', width * (depth + 1));
            }
            else if (i > 0)
            {
                builder.Append(", ");
            }

            item(i);
        }

        if (indent is { } w)
        {
            builder.Append('\n').Append(' ', w * depth);
        }

        builder.Append(close);
    }

    private static void WriteJsonString(StringBuilder builder, string s)
    {
        builder.Append('"');
        foreach (var c in s)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\b' => "\\b",
                '\f' => "\\f",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        builder.Append('"');
    }
}
