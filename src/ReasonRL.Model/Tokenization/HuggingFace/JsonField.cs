using System.Text.Json;
using ReasonRL.Core;

namespace ReasonRL.Model.Tokenization.HuggingFace;

/// <summary>A JSON value with its path in the file, so that every complaint names the file, line, column and field.</summary>
internal readonly record struct JsonField(JsonSource Source, JsonElement Value, string Path)
{
    public bool IsNull => Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined;

    public InputException Error(string problem) => Source.Error(Path, problem);

    /// <summary>The member <paramref name="name"/>, or null when absent or JSON null.</summary>
    public JsonField? Optional(string name)
    {
        var self = RequireObject();
        return self.Value.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? new JsonField(Source, value, Child(name))
            : null;
    }

    public JsonField Require(string name) =>
        Optional(name) ?? throw Source.Error(Child(name), "missing");

    public JsonField RequireObject() =>
        Value.ValueKind == JsonValueKind.Object ? this : throw Error($"expected an object, got {Describe(Value)}");

    public string String() =>
        Value.ValueKind == JsonValueKind.String ? Value.GetString()! : throw Error($"expected a string, got {Describe(Value)}");

    public bool Bool() =>
        Value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"expected true or false, got {Describe(Value)}"),
        };

    public int NonNegativeInt() =>
        Value.ValueKind == JsonValueKind.Number && Value.TryGetInt32(out var number) && number >= 0
            ? number
            : throw Error($"expected a non-negative integer, got {Describe(Value)}");

    public string? OptionalString(string name) => Optional(name)?.String();

    public bool OptionalBool(string name, bool absent) => Optional(name)?.Bool() ?? absent;

    public IEnumerable<JsonField> Items()
    {
        if (Value.ValueKind != JsonValueKind.Array)
        {
            throw Error($"expected an array, got {Describe(Value)}");
        }

        var source = Source;
        var path = Path;
        return Value.EnumerateArray().Select((item, i) => new JsonField(source, item, $"{path}[{i}]"));
    }

    public IEnumerable<(string Name, JsonField Value)> Members()
    {
        var self = RequireObject();
        var source = Source;
        var path = Path;
        return self.Value.EnumerateObject().Select(p => (p.Name, new JsonField(source, p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}")));
    }

    /// <summary>The <c>type</c> member, checked against the names a component accepts.</summary>
    public string Type(string component, IReadOnlyCollection<string> supported)
    {
        var type = Require("type").String();
        return supported.Contains(type)
            ? type
            : throw Source.Error(Child("type"), $"{component} '{type}' is not supported; supported: {string.Join(", ", supported)}");
    }

    private string Child(string name) => Path.Length == 0 ? name : $"{Path}.{name}";

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
