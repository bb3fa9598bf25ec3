using System.Text.Json;
using ReasonRL.Core.Records;

namespace ReasonRL.Core.Json;

/// <summary>Reads <see cref="Problem"/> records with an error for every missing or mistyped field.</summary>
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
}
