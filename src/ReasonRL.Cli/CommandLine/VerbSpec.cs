namespace ReasonRL.Cli.CommandLine;

/// <summary>How an option takes values.</summary>
internal enum OptionArity
{
    /// <summary>Present or absent: <c>--json</c>.</summary>
    Flag,

    /// <summary>One value: <c>--count 10</c> or <c>--count=10</c>.</summary>
    Single,

    /// <summary>Repeatable: <c>--set a=1 --set b=2</c>.</summary>
    Multiple,
}

/// <summary>An option <c>--NAME</c>. <paramref name="Values"/>, if given, are offered by tab completion (the verb still
/// checks the value itself, e.g. with <see cref="ParsedArguments.Enum{TEnum}"/>).</summary>
internal sealed record OptionSpec(
    string Name,
    string Help,
    OptionArity Arity = OptionArity.Single,
    string ValueName = "VALUE",
    bool Required = false,
    string? Default = null,
    IReadOnlyList<string>? Values = null);

/// <summary>A positional argument; <paramref name="Values"/> as for <see cref="OptionSpec"/>.</summary>
internal sealed record ArgumentSpec(string Name, string Help, bool Required = true, IReadOnlyList<string>? Values = null);

/// <summary>
/// A verb's words (<c>tasks generate</c>), what it does, and what it accepts. The System.CommandLine command that parses
/// it, its help and its completions are all made from it (<see cref="CommandTree"/>), so they cannot drift apart.
/// </summary>
internal sealed record VerbSpec(
    IReadOnlyList<string> Words,
    string Summary,
    IReadOnlyList<ArgumentSpec> Arguments,
    IReadOnlyList<OptionSpec> Options,
    string? Details = null)
{
    public string Name => string.Join(' ', Words);

    public string UsageLine()
    {
        var parts = new List<string> { "reasonrl", Name };
        parts.AddRange(Arguments.Select(a => a.Required ? a.Name : $"[{a.Name}]"));
        foreach (var option in Options)
        {
            var text = option.Arity == OptionArity.Flag ? $"--{option.Name}" : $"--{option.Name} {option.ValueName}";
            parts.Add(option.Required ? text : $"[{text}{(option.Arity == OptionArity.Multiple ? " ..." : "")}]");
        }

        return string.Join(' ', parts);
    }
}
