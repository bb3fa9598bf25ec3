using System.Text;
using System.Text.Json;

namespace ReasonRL.Core.Json;

/// <summary>Reading and writing JSON Lines: one UTF-8 JSON object a line.</summary>
public static class Jsonl
{
    /// <summary>
    /// Streams the objects of a JSON Lines file (blank lines are skipped). A line that is not a JSON object
    /// throws an <see cref="InputException"/> naming the file and line. <paramref name="path"/> "-" reads stdin.
    /// </summary>
    public static IEnumerable<JsonlLine> Read(string path)
    {
        if (path != "-" && !File.Exists(path))
        {
            throw new InputException($"{path}: no such file");
        }

        using var reader = path == "-"
            ? new StreamReader(Console.OpenStandardInput(), Encoding.UTF8)
            : new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var name = path == "-" ? "<stdin>" : path;
        var lineNumber = 0;
        while (reader.ReadLine() is { } text)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            yield return Parse(name, lineNumber, text);
        }
    }

    /// <summary>Parses one line; <paramref name="file"/> and <paramref name="lineNumber"/> locate errors.</summary>
    public static JsonlLine Parse(string file, int lineNumber, string text)
    {
        JsonElement element;
        try
        {
            using var document = JsonDocument.Parse(text);
            element = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw InputException.At(file, lineNumber, null, $"not valid JSON ({e.Message.Split('.')[0]})");
        }

        return element.ValueKind == JsonValueKind.Object
            ? new JsonlLine(file, lineNumber, element)
            : throw InputException.At(file, lineNumber, null, "expected a JSON object on each line");
    }

    /// <summary>Serializes one record as a single line with the project's settings (<see cref="RecordJson"/>).</summary>
    public static string Line<T>(T record) => JsonSerializer.Serialize(record, RecordJson.Options);
}
