using System.CommandLine;
using System.CommandLine.Help;

namespace ReasonRL.Cli.CommandLine;

/// <summary>
/// The System.CommandLine command tree of <c>reasonrl</c>, made from the verbs' <see cref="VerbSpec"/>s: one command
/// per verb (a two-word verb such as <c>tasks generate</c> is a subcommand of its first word), one option or argument
/// per entry of the spec, and the options every verb has (<see cref="Verbose"/>, <see cref="NoProgress"/>). The library
/// brings parsing (POSIX conventions, <c>--name=value</c>, <c>--</c>), help, <c>--version</c>, response files
/// (<c>@FILE</c>) and tab completion (the <c>[suggest]</c> directive, see <c>reasonrl completion</c>). A parse result
/// is read back as the <see cref="ParsedArguments"/> the verbs consume, so verbs never see System.CommandLine.
/// </summary>
internal sealed class CommandTree
{
    private const string Description =
        "reasonrl — reinforcement learning of reasoning with verifiable rewards, at toy scale.\n\n" +
        "Every verb has --help. Arguments can come from a response file: reasonrl @FILE (one or more a line, # comments).\n" +
        "Tab completion: eval \"$(reasonrl completion bash)\" (or zsh).\n" +
        "Exit codes: 0 success, 1 runtime failure, 2 usage or input error, 130 stopped by Ctrl+C.";

    private readonly Dictionary<Command, Verb> _verbs = [];

    /// <param name="verbs">The verbs, in the order the help lists them.</param>
    /// <param name="run">Runs a verb once its command line has parsed without errors; returns the exit code.</param>
    public CommandTree(IEnumerable<VerbSpec> verbs, Func<ParsedArguments, CancellationToken, Task<int>> run)
    {
        Root = new RootCommand(Description) { Verbose, NoProgress };
        Root.HelpName = "reasonrl"; // in usage lines, also when run as `dotnet reasonrl.dll` or inside a test host
        var help = Root.Options.OfType<HelpOption>().Single();
        Root.Options[Root.Options.IndexOf(help)] = new HelpOption("--help", ["-h"]); // without the Windows-style /? and /h
        foreach (var spec in verbs)
        {
            Command parent = Root;
            foreach (var word in spec.Words.SkipLast(1))
            {
                parent = parent.Subcommands.FirstOrDefault(c => c.Name == word) ?? AddGroup(parent, word);
            }

            var verb = Build(spec);
            verb.Command.SetAction((result, cancellationToken) => run(Read(result), cancellationToken));
            parent.Add(verb.Command);
            _verbs[verb.Command] = verb;
        }

        foreach (var group in Groups(Root))
        {
            group.Description = string.Join(", ", group.Subcommands.Select(c => WordsOf(c)));
        }
    }

    public RootCommand Root { get; }

    /// <summary><c>--verbose</c>, on every verb: debug logging, and full details of errors.</summary>
    public Option<bool> Verbose { get; } = new("--verbose") { Recursive = true, Description = "debug logging, and full details of errors" };

    /// <summary><c>--no-progress</c>, on every verb: no progress line on standard error, even on a terminal.</summary>
    public Option<bool> NoProgress { get; } = new("--no-progress") { Recursive = true, Description = "no progress line on standard error" };

    public ParseResult Parse(IReadOnlyList<string> args)
    {
        var result = Root.Parse(args);
        if (result.Action is HelpAction && _verbs.TryGetValue(result.CommandResult.Command, out var verb) && verb.Spec.Details is { } details)
        {
            // A verb's details belong in its own help only, not in the list of verbs of its parent's help.
            verb.Command.Description = $"{verb.Spec.Summary}\n\n{details.TrimEnd()}";
        }

        return result;
    }

    /// <summary>The verb a command stands for; null for the root and for the first word of two-word verbs.</summary>
    public VerbSpec? VerbOf(Command command) => _verbs.TryGetValue(command, out var verb) ? verb.Spec : null;

    /// <summary>The words that name a command on the command line: "" for the root, "tasks", "tasks generate".</summary>
    public static string WordsOf(Command command)
    {
        var words = new List<string>();
        for (Symbol? symbol = command; symbol is Command { } c and not RootCommand; symbol = c.Parents.FirstOrDefault())
        {
            words.Insert(0, c.Name);
        }

        return string.Join(' ', words);
    }

    /// <summary>What the verb of <paramref name="result"/> was given, as its <see cref="ParsedArguments"/>.</summary>
    public ParsedArguments Read(ParseResult result)
    {
        var verb = _verbs[result.CommandResult.Command];
        var arguments = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (spec, symbol) in verb.Arguments)
        {
            if (result.GetValue(symbol) is { } value)
            {
                arguments[spec.Name] = value;
            }
        }

        var options = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (spec, symbol) in verb.Options)
        {
            if (result.GetResult(symbol) is not { Implicit: false })
            {
                continue;
            }

            IReadOnlyList<string>? values = symbol switch
            {
                Option<bool> flag => result.GetValue(flag) ? [] : null,
                Option<string> single => [result.GetValue(single)!],
                Option<string[]> multiple => result.GetValue(multiple) ?? [],
                _ => throw new InvalidOperationException($"--{spec.Name}: unexpected option type {symbol.GetType()}"),
            };
            if (values is not null)
            {
                options[spec.Name] = values;
            }
        }

        return new ParsedArguments(verb.Spec, arguments, options, result.GetValue(Verbose), showProgress: !result.GetValue(NoProgress));
    }

    private static Command AddGroup(Command parent, string word)
    {
        var group = new Command(word);
        parent.Add(group);
        return group;
    }

    private static IEnumerable<Command> Groups(Command command) =>
        command.Subcommands.Where(c => c.Subcommands.Count > 0).SelectMany(c => Groups(c).Prepend(c));

    private static Verb Build(VerbSpec spec)
    {
        var command = new Command(spec.Words[^1], spec.Summary);
        var arguments = new List<(ArgumentSpec, Argument<string>)>();
        foreach (var argumentSpec in spec.Arguments)
        {
            var argument = new Argument<string>(argumentSpec.Name)
            {
                Description = argumentSpec.Help,
                Arity = argumentSpec.Required ? ArgumentArity.ExactlyOne : ArgumentArity.ZeroOrOne,
            };
            if (argumentSpec.Values is { } values)
            {
                argument.CompletionSources.Add([.. values]);
            }

            command.Add(argument);
            arguments.Add((argumentSpec, argument));
        }

        var options = new List<(OptionSpec, Option)>();
        foreach (var optionSpec in spec.Options)
        {
            var option = OptionFor(optionSpec);
            command.Add(option);
            options.Add((optionSpec, option));
        }

        return new Verb(spec, command, arguments, options);
    }

    private static Option OptionFor(OptionSpec spec)
    {
        var name = "--" + spec.Name;
        Option option = spec.Arity switch
        {
            OptionArity.Flag => new Option<bool>(name),
            OptionArity.Single when spec.Default is { } value => new Option<string>(name) { DefaultValueFactory = _ => value },
            OptionArity.Single => new Option<string>(name),
            OptionArity.Multiple => new Option<string[]>(name) { Arity = ArgumentArity.OneOrMore },
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Arity, "unknown arity"),
        };
        option.Description = spec.Help;
        option.Required = spec.Required;
        if (spec.Arity != OptionArity.Flag)
        {
            option.HelpName = spec.ValueName;
        }

        if (spec.Values is { } values)
        {
            option.CompletionSources.Add([.. values]);
        }

        return option;
    }

    private sealed record Verb(
        VerbSpec Spec,
        Command Command,
        IReadOnlyList<(ArgumentSpec Spec, Argument<string> Symbol)> Arguments,
        IReadOnlyList<(OptionSpec Spec, Option Symbol)> Options);
}
