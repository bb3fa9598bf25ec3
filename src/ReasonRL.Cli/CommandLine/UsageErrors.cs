using System.CommandLine;
using System.Globalization;

namespace ReasonRL.Cli.CommandLine;

/// <summary>
/// The message for a command line that did not parse: the first problem System.CommandLine found, on one line that
/// names the verb, with a "did you mean" where a known verb or option is close; then the verb's usage line and where
/// to read more. (The library's own error output lists every error, its typo corrections and the whole help text; one
/// line a user can act on reads better in a terminal and in a CI log.)
/// </summary>
internal static class UsageErrors
{
    public static void Write(ParseResult result, CommandTree tree, TextWriter error)
    {
        var command = result.CommandResult.Command;
        var words = CommandTree.WordsOf(command);
        var verb = tree.VerbOf(command);
        error.WriteLine($"reasonrl{(words.Length == 0 ? "" : " " + words)}: {Message(result, command, verb, tree)}");
        if (verb is not null)
        {
            error.WriteLine($"Usage: {verb.UsageLine()}");
        }

        error.WriteLine(words.Length == 0 ? "Run 'reasonrl --help' for the list of verbs." : $"Run 'reasonrl {words} --help' for details.");
    }

    private static string Message(ParseResult result, Command command, VerbSpec? verb, CommandTree tree)
    {
        var words = CommandTree.WordsOf(command);
        if (result.Errors.FirstOrDefault(e => e.SymbolResult is null) is { } commandLineError)
        {
            return commandLineError.Message; // about the command line as a whole, e.g. a response file that is not there
        }

        if (result.UnmatchedTokens.FirstOrDefault() is { } token)
        {
            if (token.Length > 1 && token[0] == '-' && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                var name = token.Split('=', ':')[0];
                var options = command.Options.Concat([tree.Verbose, tree.NoProgress]).SelectMany(o => o.Aliases.Prepend(o.Name));
                return $"unknown option '{token}'{DidYouMean(name, options)}";
            }

            if (verb is null)
            {
                var prefix = words.Length == 0 ? "" : words + " ";
                return $"unknown verb '{prefix}{token}'{DidYouMean(token, command.Subcommands.Select(c => c.Name), prefix)}";
            }

            return $"unexpected argument '{token}'";
        }

        if (verb is null && command.Subcommands.Count > 0)
        {
            return $"'{words}' needs a second word: {string.Join(", ", command.Subcommands.Select(CommandTree.WordsOf))}";
        }

        return string.Join(" ", result.Errors.Select(e => e.Message));
    }

    private static string DidYouMean(string text, IEnumerable<string> candidates, string prefix = "") =>
        Suggestions.Closest(text, candidates) is { } guess ? $"; did you mean '{prefix}{guess}'?" : "";
}
