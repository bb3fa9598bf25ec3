using System.Text.Json;
using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Problems;

/// <summary>One unit test: positional arguments for the entry point and the value it must return.</summary>
public sealed record TestCase(IReadOnlyList<PlainValue> Args, PlainValue Expected);

/// <summary>
/// The <c>reference</c> of a <c>code</c> problem. JSON:
/// <c>{"entry_point": "solve", "visible_tests": [{"args": [[3,1,2]], "expected": [1,2,3]}], "hidden_tests": [...], "task": "sort_ascending"}</c>.
/// The visible tests are the examples in the prompt; the reward is decided by the hidden ones. Expected values
/// stay on the host: the sandbox only ever receives the arguments.
/// </summary>
/// <param name="Task">The catalog task that generated the problem, for rendering its solution; null for hand-written problems.</param>
/// <param name="Parameter">The task's parameter k, for tasks that have one.</param>
public sealed record CodeReference(
    string EntryPoint,
    IReadOnlyList<TestCase> VisibleTests,
    IReadOnlyList<TestCase> HiddenTests,
    string? Task = null,
    int? Parameter = null)
{
    public const string DefaultEntryPoint = "solve";

    /// <summary>Reads a reference; a missing or mistyped field is a <see cref="FormatException"/> naming it.</summary>
    public static CodeReference Read(JsonElement reference)
    {
        if (reference.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("reference: expected an object");
        }

        var entryPoint = DefaultEntryPoint;
        if (reference.TryGetProperty("entry_point", out var entry))
        {
            entryPoint = entry.ValueKind == JsonValueKind.String
                ? entry.GetString()!
                : throw new FormatException("reference.entry_point: expected a string");
        }

        if (!IsIdentifier(entryPoint))
        {
            throw new FormatException($"reference.entry_point: '{entryPoint}' is not a Python identifier");
        }

        var hidden = ReadTests(reference, "hidden_tests");
        if (hidden.Count == 0)
        {
            throw new FormatException("reference.hidden_tests: needs at least one test");
        }

        var task = reference.TryGetProperty("task", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var parameter = reference.TryGetProperty("parameter", out var p) && p.TryGetInt32(out var k) ? k : (int?)null;
        return new CodeReference(entryPoint, ReadTests(reference, "visible_tests"), hidden, task, parameter);
    }

    public JsonElement ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("entry_point", EntryPoint);
            WriteTests(writer, "visible_tests", VisibleTests);
            WriteTests(writer, "hidden_tests", HiddenTests);
            if (Task is not null)
            {
                writer.WriteString("task", Task);
            }

            if (Parameter is { } k)
            {
                writer.WriteNumber("parameter", k);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static List<TestCase> ReadTests(JsonElement reference, string field)
    {
        if (!reference.TryGetProperty(field, out var tests))
        {
            throw new FormatException($"reference.{field}: missing");
        }

        if (tests.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"reference.{field}: expected an array");
        }

        var result = new List<TestCase>();
        var index = 0;
        foreach (var test in tests.EnumerateArray())
        {
            var where = $"reference.{field}[{index++}]";
            if (test.ValueKind != JsonValueKind.Object
                || !test.TryGetProperty("args", out var args) || args.ValueKind != JsonValueKind.Array
                || !test.TryGetProperty("expected", out var expected))
            {
                throw new FormatException($"{where}: expected {{\"args\": [...], \"expected\": ...}}");
            }

            try
            {
                result.Add(new TestCase([.. args.EnumerateArray().Select(PlainJson.Read)], PlainJson.Read(expected)));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{where}: {e.Message}", e);
            }
        }

        return result;
    }

    private static void WriteTests(Utf8JsonWriter writer, string field, IReadOnlyList<TestCase> tests)
    {
        writer.WriteStartArray(field);
        foreach (var test in tests)
        {
            writer.WriteStartObject();
            writer.WriteStartArray("args");
            foreach (var arg in test.Args)
            {
                PlainJson.Write(writer, arg);
            }

            writer.WriteEndArray();
            writer.WritePropertyName("expected");
            PlainJson.Write(writer, test.Expected);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static bool IsIdentifier(string name) =>
        name.Length is > 0 and <= 64 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
