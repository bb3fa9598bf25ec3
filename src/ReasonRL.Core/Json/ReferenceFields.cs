using System.Text.Json;

namespace ReasonRL.Core.Json;

/// <summary>
/// Reading fields of a problem's <c>reference</c> object without ever throwing: verifiers turn a missing or
/// mistyped field into an <c>error</c> verdict instead of crashing a run.
/// </summary>
public static class ReferenceFields
{
    public static bool TryGetString(JsonElement reference, string name, out string value)
    {
        value = "";
        if (!TryGet(reference, name, JsonValueKind.String, out var element))
        {
            return false;
        }

        value = element.GetString()!;
        return true;
    }

    public static bool TryGetInt(JsonElement reference, string name, out int value)
    {
        value = 0;
        return TryGet(reference, name, JsonValueKind.Number, out var element) && element.TryGetInt32(out value);
    }

    public static bool TryGetBool(JsonElement reference, string name, out bool value)
    {
        value = false;
        if (reference.ValueKind != JsonValueKind.Object || !reference.TryGetProperty(name, out var element) || element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return false;
        }

        value = element.GetBoolean();
        return true;
    }

    public static bool TryGetInts(JsonElement reference, string name, out int[] values)
    {
        values = [];
        if (!TryGet(reference, name, JsonValueKind.Array, out var element))
        {
            return false;
        }

        var list = new int[element.GetArrayLength()];
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt32(out list[i++]))
            {
                return false;
            }
        }

        values = list;
        return true;
    }

    private static bool TryGet(JsonElement reference, string name, JsonValueKind kind, out JsonElement element)
    {
        element = default;
        return reference.ValueKind == JsonValueKind.Object && reference.TryGetProperty(name, out element) && element.ValueKind == kind;
    }
}
