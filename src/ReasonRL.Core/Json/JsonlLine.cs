using System.Text.Json;

namespace ReasonRL.Core.Json;

/// <summary>
/// One record of a JSON Lines file with where it came from, so that every complaint about a field can name the
/// file, the line and the field.
/// </summary>
public readonly record struct JsonlLine(string File, int Line, JsonElement Value)
{
    public InputException Error(string? field, string problem) => InputException.At(File, Line, field, problem);

    public bool Has(string field) =>
        Value.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null;

    public JsonElement Require(string field) =>
        Value.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw Error(field, "missing");

    public string RequireString(string field)
    {
        var value = Require(field);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Error(field, $"expected a string, got {Describe(value)}");
    }

    public string? OptionalString(string field) => Has(field) ? RequireString(field) : null;

    public int RequireInt(string field)
    {
        var value = Require(field);
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Error(field, $"expected an integer, got {Describe(value)}");
    }

    public int? OptionalInt(string field) => Has(field) ? RequireInt(field) : null;

    public double RequireDouble(string field)
    {
        var value = Require(field);
        return value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw Error(field, $"expected a number, got {Describe(value)}");
    }

    public TEnum RequireEnum<TEnum>(string field)
        where TEnum : struct, Enum
    {
        var text = RequireString(field);
        return SnakeCase.TryParseEnum<TEnum>(text, out var value)
            ? value
            : throw Error(field, $"'{text}' is not one of: {string.Join(", ", SnakeCase.NamesOf(typeof(TEnum)))}");
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
