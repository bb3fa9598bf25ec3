using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReasonRL.Core.Json;

/// <summary>
/// The serializer settings of every JSON and JSON Lines file ReasonRL writes: snake_case names and enum values,
/// no indentation (one record a line), nulls omitted, and non-ASCII text kept readable.
/// </summary>
public static class RecordJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>The same settings, indented: for files people read (<c>summary.json</c>, <c>config.json</c>).</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = indented,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
