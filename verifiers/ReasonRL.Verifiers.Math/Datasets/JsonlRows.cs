using System.Globalization;
using System.Text;
using System.Text.Json;
using ReasonRL.Core.Json;

namespace ReasonRL.Verifiers.Math.Datasets;

/// <summary>Streams the rows of a JSON Lines dataset one line at a time (a big file is never held whole).</summary>
internal static class JsonlRows
{
    public static IEnumerable<DatasetRow> Read(string path, IReadOnlyCollection<string> columns, Action<double>? progress)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var lineNumber = 0;
        long index = 0;
        while (reader.ReadLine() is { } text)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var line = Jsonl.Parse(path, lineNumber, text);
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var column in columns)
            {
                values[column] = line.Value.TryGetProperty(column, out var value) ? Text(line, column, value) : null;
            }

            progress?.Invoke(stream.Length == 0 ? 1 : (double)stream.Position / stream.Length);
            yield return new DatasetRow($"{path}:{lineNumber}", index++, values);
        }
    }

    private static string? Text(JsonlLine line, string column, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => null,
        _ => throw line.Error(column, $"expected a string or a number, got {(value.ValueKind == JsonValueKind.Array ? "an array" : "an object")}"),
    };

    /// <summary>Integers as written, other numbers invariantly.</summary>
    public static string Invariant(object value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
