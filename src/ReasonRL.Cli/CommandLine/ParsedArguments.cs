using System.Globalization;
using ReasonRL.Core.Json;

namespace ReasonRL.Cli.CommandLine;

/// <summary>A verb's arguments and options after parsing, with typed accessors that fail as usage errors.</summary>
internal sealed class ParsedArguments(
    VerbSpec verb,
    IReadOnlyDictionary<string, string> arguments,
    IReadOnlyDictionary<string, IReadOnlyList<string>> options,
    bool verbose,
    bool showProgress = true)
{
    public VerbSpec Verb { get; } = verb;

    /// <summary><c>--verbose</c>: debug logging, and full details of errors.</summary>
    public bool Verbose { get; } = verbose;

    /// <summary>False with <c>--no-progress</c>.</summary>
    public bool ShowProgress { get; } = showProgress;

    public string? Argument(string name) => arguments.GetValueOrDefault(name);

    public string RequiredArgument(string name) =>
        Argument(name) ?? throw new UsageException($"missing argument {name}", Verb);

    public bool Flag(string name) => options.ContainsKey(name);

    public IReadOnlyList<string> All(string name) => options.GetValueOrDefault(name) ?? [];

    public string? String(string name) => options.TryGetValue(name, out var values) ? values[^1] : Default(name);

    public string RequiredString(string name) =>
        String(name) ?? throw new UsageException($"missing option --{name}", Verb);

    public int? Int(string name) => Parse(name, text =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : (int?)null, "an integer");

    public long? Long(string name) => Parse(name, text =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : (long?)null, "an integer");

    public double? Double(string name) => Parse(name, text =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : (double?)null, "a number");

    public TEnum? Enum<TEnum>(string name)
        where TEnum : struct, Enum =>
        String(name) is { } text
            ? SnakeCase.TryParseEnum<TEnum>(text, out var value)
                ? value
                : throw new UsageException(
                    $"--{name}: '{text}' is not one of: {string.Join(", ", SnakeCase.NamesOf(typeof(TEnum)))}", Verb)
            : null;

    private T? Parse<T>(string name, Func<string, T?> parse, string expected)
        where T : struct =>
        String(name) is { } text
            ? parse(text) ?? throw new UsageException($"--{name}: expected {expected}, got '{text}'", Verb)
            : null;

    private string? Default(string name) => Verb.Options.FirstOrDefault(o => o.Name == name)?.Default;
}
