using System.Text.Json;
using ReasonRL.Core;

namespace ReasonRL.Verifiers.External;

/// <summary>
/// An external verifier described by a file <c>NAME.verifier.json</c> in a plugin folder:
/// <code>
/// {"name": "exact_answer", "command": "python3", "arguments": ["exact_answer.py"], "timeout_seconds": 10, "concurrency": 2}
/// </code>
/// The program runs in the file's folder, so relative paths in <c>arguments</c> (and a <c>command</c> with a '/')
/// are relative to it. <c>name</c> and <c>command</c> are required; <c>arguments</c> (default none),
/// <c>timeout_seconds</c> (default 10) and <c>concurrency</c> (default 1) are optional. Mistakes are
/// <see cref="InputException"/>s naming the file and the field.
/// </summary>
public static class ExternalVerifierSpec
{
    public const string FilePattern = "*.verifier.json";

    private static readonly string[] Fields = ["name", "command", "arguments", "timeout_seconds", "concurrency"];

    /// <summary>The options in every <see cref="FilePattern"/> file of <paramref name="folder"/>, in file-name order.</summary>
    public static IReadOnlyList<ExternalVerifierOptions> LoadFolder(string folder) =>
        [.. Directory.EnumerateFiles(folder, FilePattern).Order(StringComparer.Ordinal).Select(Load)];

    public static ExternalVerifierOptions Load(string path)
    {
        JsonElement spec;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            spec = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: not valid JSON ({e.Message.Split('.')[0]})", e);
        }

        if (spec.ValueKind != JsonValueKind.Object)
        {
            throw new InputException($"{path}: expected a JSON object");
        }

        foreach (var property in spec.EnumerateObject().Where(p => !Fields.Contains(p.Name)))
        {
            throw Error(path, property.Name, $"unknown field; known fields: {string.Join(", ", Fields)}");
        }

        var arguments = spec.TryGetProperty("arguments", out var array) ? Strings(path, array) : [];
        var timeout = spec.TryGetProperty("timeout_seconds", out var t) ? t.ValueKind == JsonValueKind.Number ? t.GetDouble() : -1 : 10.0;
        if (!(timeout > 0) || !double.IsFinite(timeout))
        {
            throw Error(path, "timeout_seconds", "must be a positive number");
        }

        var concurrency = 1;
        if (spec.TryGetProperty("concurrency", out var c) && (c.ValueKind != JsonValueKind.Number || !c.TryGetInt32(out concurrency) || concurrency < 1))
        {
            throw Error(path, "concurrency", "must be an integer of at least 1");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var command = String(path, spec, "command");
        return new ExternalVerifierOptions
        {
            Name = String(path, spec, "name"),
            Command = command.Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(command, folder) : command,
            Arguments = arguments,
            WorkingDirectory = folder,
            Timeout = TimeSpan.FromSeconds(timeout),
            Concurrency = concurrency,
        };
    }

    private static string String(string path, JsonElement spec, string field) =>
        spec.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0
            ? value.GetString()!
            : throw Error(path, field, "required, a non-empty string");

    private static List<string> Strings(string path, JsonElement array) =>
        array.ValueKind == JsonValueKind.Array && array.EnumerateArray().All(a => a.ValueKind == JsonValueKind.String)
            ? [.. array.EnumerateArray().Select(a => a.GetString()!)]
            : throw Error(path, "arguments", "expected an array of strings");

    private static InputException Error(string path, string field, string problem) => new($"{path}: field '{field}': {problem}");
}
