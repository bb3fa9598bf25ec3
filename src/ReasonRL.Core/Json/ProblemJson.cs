using System.Buffers;
using System.Text;
using System.Text.Json;
using ReasonRL.Core.Records;

namespace ReasonRL.Core.Json;

/// <summary>Reads and writes <see cref="Problem"/> records; reading gives an error for every missing or mistyped field.</summary>
public static class ProblemJson
{
    public static Problem Read(JsonlLine line)
    {
        var reference = line.Require("reference");
        if (reference.ValueKind != JsonValueKind.Object)
        {
            throw line.Error("reference", "expected an object");
        }

        var difficulty = line.OptionalInt("difficulty") ?? 1;
        if (difficulty < 1)
        {
            throw line.Error("difficulty", $"must be at least 1, got {difficulty}");
        }

        return new Problem
        {
            Id = line.RequireString("id"),
            Family = line.RequireString("family"),
            Prompt = line.RequireString("prompt"),
            Reference = reference,
            Difficulty = difficulty,
            Split = line.Has("split") ? line.RequireEnum<Split>("split") : Split.Train,
        };
    }

    public static IEnumerable<Problem> ReadFile(string path) => Jsonl.Read(path).Select(Read);

    /// <summary>
    /// One JSON line: <c>{"id", "family", "prompt", "reference", "difficulty", "split"}</c> as <see cref="Jsonl.Line{T}"/>
    /// writes them, then <c>"completion"</c> when one is given (the input format of <c>reasonrl verify</c>).
    /// </summary>
    public static string Line(Problem problem, string? completion = null)
    {
        var buffer = new ArrayBufferWriter<byte>(256 + problem.Prompt.Length + (completion?.Length ?? 0));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = RecordJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", problem.Id);
            writer.WriteString("family", problem.Family);
            writer.WriteString("prompt", problem.Prompt);
            writer.WritePropertyName("reference");
            problem.Reference.WriteTo(writer);
            writer.WriteNumber("difficulty", problem.Difficulty);
            writer.WriteString("split", SnakeCase.From(problem.Split.ToString()));
            if (completion is not null)
            {
                writer.WriteString("completion", completion);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
