using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace ReasonRL.Verifiers.Code.Values;

/// <summary>
/// Reads and writes <see cref="PlainValue"/>s as JSON. A number is a float when its text has a fraction or an
/// exponent (<c>2.0</c>, <c>1e+16</c>) and an integer otherwise, the way Python's <c>json</c> and <c>repr</c>
/// write them; floats are always written with a fraction or an exponent, so the distinction survives a round trip.
/// </summary>
public static class PlainJson
{
    /// <summary>Nesting deeper than this is refused; the sandbox's own limit is lower.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// Reads a value of a problem's reference (trusted data: a child's results go through
    /// <see cref="Verification.ResultsFrameReader"/>, which bounds its work first).
    /// </summary>
    /// <exception cref="FormatException">Duplicate keys, non-finite numbers, unpaired surrogates or nesting deeper than <see cref="MaxDepth"/>.</exception>
    public static PlainValue Read(JsonElement element) => Read(element, 0);

    public static void Write(Utf8JsonWriter writer, PlainValue value)
    {
        switch (value)
        {
            case PlainNull:
                writer.WriteNullValue();
                break;
            case PlainBool b:
                writer.WriteBooleanValue(b.Value);
                break;
            case PlainInt i:
                writer.WriteRawValue(i.Value.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
                break;
            case PlainFloat f:
                writer.WriteRawValue(FloatText(f.Value), skipInputValidation: true);
                break;
            case PlainString s:
                writer.WriteStringValue(s.Value);
                break;
            case PlainList list:
                writer.WriteStartArray();
                foreach (var item in list.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case PlainDict dict:
                writer.WriteStartObject();
                foreach (var (key, item) in dict.Entries)
                {
                    writer.WritePropertyName(key);
                    Write(writer, item);
                }

                writer.WriteEndObject();
                break;
            default:
                throw new ArgumentException($"unknown plain value {value.GetType().Name}", nameof(value));
        }
    }

    /// <summary>A finite double as JSON and Python both read it back as a float: <c>2.0</c>, not <c>2</c>.</summary>
    public static string FloatText(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException("JSON has no non-finite numbers", nameof(value));
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.AsSpan().IndexOfAny(".Ee") >= 0 ? text : text + ".0";
    }

    private static PlainValue Read(JsonElement element, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"nested deeper than {MaxDepth}");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
                return PlainNull.Instance;
            case JsonValueKind.True:
                return new PlainBool(true);
            case JsonValueKind.False:
                return new PlainBool(false);
            case JsonValueKind.String:
                return new PlainString(Text(() => element.GetString()!));
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                if (raw.AsSpan().IndexOfAny(".Ee") >= 0)
                {
                    var number = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
                    return double.IsFinite(number) ? new PlainFloat(number) : throw new FormatException($"number {raw} is out of range");
                }

                return new PlainInt(BigInteger.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
            case JsonValueKind.Array:
                var items = new List<PlainValue>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    items.Add(Read(item, depth + 1));
                }

                return new PlainList(items);
            case JsonValueKind.Object:
                var entries = new List<KeyValuePair<string, PlainValue>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var key = Text(() => property.Name);
                    if (!seen.Add(key))
                    {
                        throw new FormatException($"duplicate key \"{key}\"");
                    }

                    entries.Add(new(key, Read(property.Value, depth + 1)));
                }

                return new PlainDict(entries);
            default:
                throw new FormatException($"unexpected JSON {element.ValueKind}");
        }
    }

    private static string Text(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException("a string holds an unpaired UTF-16 surrogate", e);
        }
    }
}
