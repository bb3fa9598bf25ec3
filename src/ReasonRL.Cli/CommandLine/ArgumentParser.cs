namespace ReasonRL.Cli.CommandLine;

/// <summary>
/// Finds the verb named by the leading words of the command line and parses the rest against its
/// <see cref="VerbSpec"/>. Accepts <c>--name value</c>, <c>--name=value</c>, flags, positional arguments, and
/// <c>--</c> to end options.
/// </summary>
internal static class ArgumentParser
{
    public const string VerboseOption = "verbose";

    /// <summary>The verb whose words start <paramref name="args"/> (longest match), and how many words it used.</summary>
    public static (VerbSpec? Verb, int WordCount) FindVerb(IReadOnlyList<VerbSpec> verbs, IReadOnlyList<string> args)
    {
        var words = args.TakeWhile(a => !a.StartsWith('-')).ToList();
        return verbs
            .Where(v => v.Words.Count <= words.Count && v.Words.SequenceEqual(words.Take(v.Words.Count)))
            .OrderByDescending(v => v.Words.Count)
            .Select(v => ((VerbSpec?)v, v.Words.Count))
            .FirstOrDefault();
    }

    public static ParsedArguments Parse(VerbSpec verb, IReadOnlyList<string> args)
    {
        var positional = new List<string>();
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var verbose = false;
        var onlyPositional = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (onlyPositional || !arg.StartsWith("--", StringComparison.Ordinal) || arg == "-")
            {
                if (!onlyPositional && arg.StartsWith('-') && arg != "-" && !LooksLikeNumber(arg))
                {
                    throw new UsageException($"unknown option '{arg}'", verb);
                }

                positional.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                onlyPositional = true;
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[2..equals] : arg[2..];
            if (name == VerboseOption)
            {
                verbose = true;
                continue;
            }

            var spec = verb.Options.FirstOrDefault(o => o.Name == name)
                ?? throw new UsageException($"unknown option '--{name}'{Suggest(name, verb)}", verb);
            if (spec.Arity == OptionArity.Flag)
            {
                if (equals > 0)
                {
                    throw new UsageException($"--{name} takes no value", verb);
                }

                options[name] = [];
                continue;
            }

            string value;
            if (equals > 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && (!args[i + 1].StartsWith("--", StringComparison.Ordinal) || LooksLikeNumber(args[i + 1])))
            {
                value = args[++i];
            }
            else
            {
                throw new UsageException($"--{name} needs a value ({spec.ValueName})", verb);
            }

            if (!options.TryGetValue(name, out var values))
            {
                options[name] = values = [];
            }
            else if (spec.Arity == OptionArity.Single)
            {
                throw new UsageException($"--{name} given more than once", verb);
            }

            values.Add(value);
        }

        if (positional.Count > verb.Arguments.Count)
        {
            throw new UsageException($"unexpected argument '{positional[verb.Arguments.Count]}'", verb);
        }

        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < verb.Arguments.Count; i++)
        {
            if (i < positional.Count)
            {
                arguments[verb.Arguments[i].Name] = positional[i];
            }
            else if (verb.Arguments[i].Required)
            {
                throw new UsageException($"missing argument {verb.Arguments[i].Name}", verb);
            }
        }

        foreach (var spec in verb.Options.Where(o => o.Required && !options.ContainsKey(o.Name)))
        {
            throw new UsageException($"missing option --{spec.Name}", verb);
        }

        return new ParsedArguments(
            verb,
            arguments,
            options.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal),
            verbose);
    }

    private static bool LooksLikeNumber(string text) => double.TryParse(text, out _);

    private static string Suggest(string name, VerbSpec verb)
    {
        var best = verb.Options
            .Select(o => (o.Name, Distance: EditDistance.Of(o.Name, name)))
            .Where(x => x.Distance <= Math.Max(2, name.Length / 3))
            .OrderBy(x => x.Distance)
            .FirstOrDefault();
        return best.Name is null ? "" : $"; did you mean '--{best.Name}'?";
    }
}
