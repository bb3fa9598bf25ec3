using System.Globalization;
using System.Text;

namespace ReasonRL.Verifiers.Code.Values;

/// <summary>
/// Writes a <see cref="PlainValue"/> as a compact Python literal (<c>[1,2,3]</c>, <c>'ab'</c>, <c>True</c>,
/// <c>None</c>, <c>{'a':1}</c>): the spelling of values in prompts, in rendered solutions and in verdict details.
/// Compact means no spaces after commas, to keep prompts short for character-level models.
/// </summary>
public static class PythonLiteral
{
    public static string Format(PlainValue value)
    {
        var builder = new StringBuilder();
        Append(builder, value, int.MaxValue);
        return builder.ToString();
    }

    /// <summary>Positional arguments as they appear inside a call: <c>[3,1],2</c>.</summary>
    public static string Arguments(IReadOnlyList<PlainValue> args) => string.Join(",", args.Select(Format));

    /// <summary>
    /// <see cref="Format"/> cut to <paramref name="maxChars"/> characters with "..." when longer. Formatting stops soon
    /// after the cut, so a huge value costs no more than a small one.
    /// </summary>
    public static string Short(PlainValue value, int maxChars = 40)
    {
        var builder = new StringBuilder();
        Append(builder, value, maxChars + 1);
        return TextCut.Shorten(builder.ToString(), maxChars);
    }

    /// <summary>Appends the literal, or as much of it as passes <paramref name="limit"/> characters in all.</summary>
    private static void Append(StringBuilder builder, PlainValue value, int limit)
    {
        if (builder.Length > limit)
        {
            return;
        }

        switch (value)
        {
            case PlainNull:
                builder.Append("None");
                break;
            case PlainBool b:
                builder.Append(b.Value ? "True" : "False");
                break;
            case PlainInt i:
                builder.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case PlainFloat f:
                builder.Append(PlainJson.FloatText(f.Value));
                break;
            case PlainString s:
                AppendString(builder, s.Value);
                break;
            case PlainList list:
                builder.Append('[');
                for (var i = 0; i < list.Items.Count && builder.Length <= limit; i++)
                {
                    builder.Append(i > 0 ? "," : "");
                    Append(builder, list.Items[i], limit);
                }

                builder.Append(']');
                break;
            case PlainDict dict:
                builder.Append('{');
                for (var i = 0; i < dict.Entries.Count && builder.Length <= limit; i++)
                {
                    builder.Append(i > 0 ? "," : "");
                    AppendString(builder, dict.Entries[i].Key);
                    builder.Append(':');
                    Append(builder, dict.Entries[i].Value, limit);
                }

                builder.Append('}');
                break;
            default:
                throw new ArgumentException($"unknown plain value {value.GetType().Name}", nameof(value));
        }
    }

    private static void AppendString(StringBuilder builder, string text)
    {
        builder.Append('\'');
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\'' => "\\'",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when c < ' ' || c == '\x7f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        builder.Append('\'');
    }
}
