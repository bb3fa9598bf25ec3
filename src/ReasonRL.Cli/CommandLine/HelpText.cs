using System.Text;

namespace ReasonRL.Cli.CommandLine;

/// <summary>The text of <c>reasonrl --help</c> and <c>reasonrl VERB --help</c>, made from the verb specs.</summary>
internal static class HelpText
{
    public static string Root(IReadOnlyList<VerbSpec> verbs)
    {
        var text = new StringBuilder();
        text.AppendLine("reasonrl — reinforcement learning of reasoning with verifiable rewards, at toy scale.");
        text.AppendLine();
        text.AppendLine("Usage: reasonrl VERB [ARGUMENTS] [OPTIONS]");
        text.AppendLine();
        text.AppendLine("Verbs:");
        var width = verbs.Max(v => v.Name.Length) + 2;
        foreach (var verb in verbs)
        {
            text.Append("  ").Append(verb.Name.PadRight(width)).AppendLine(verb.Summary);
        }

        text.AppendLine();
        text.AppendLine("Options for every verb:");
        text.AppendLine("  --help       show the verb's arguments and options");
        text.AppendLine("  --verbose    debug logging, and full details of errors");
        text.AppendLine();
        text.AppendLine("Exit codes: 0 success, 1 runtime failure, 2 usage or input error, 130 stopped by Ctrl+C.");
        return text.ToString();
    }

    public static string Verb(VerbSpec verb)
    {
        var text = new StringBuilder();
        text.AppendLine(verb.Summary);
        text.AppendLine();
        text.Append("Usage: ").AppendLine(verb.UsageLine());
        if (verb.Details is not null)
        {
            text.AppendLine();
            text.AppendLine(verb.Details.TrimEnd());
        }

        if (verb.Arguments.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Arguments:");
            var width = verb.Arguments.Max(a => a.Name.Length) + 2;
            foreach (var argument in verb.Arguments)
            {
                text.Append("  ").Append(argument.Name.PadRight(width)).AppendLine(argument.Help);
            }
        }

        text.AppendLine();
        text.AppendLine("Options:");
        var rows = verb.Options
            .Select(o => (Left: o.Arity == OptionArity.Flag ? $"--{o.Name}" : $"--{o.Name} {o.ValueName}",
                          Right: o.Help + (o.Default is null ? "" : $" (default: {o.Default})") + (o.Arity == OptionArity.Multiple ? " (repeatable)" : "")))
            .Append((Left: "--verbose", Right: "debug logging, and full details of errors"))
            .Append((Left: "--help", Right: "show this text"))
            .ToList();
        var optionWidth = rows.Max(r => r.Left.Length) + 2;
        foreach (var (left, right) in rows)
        {
            text.Append("  ").Append(left.PadRight(optionWidth)).AppendLine(right);
        }

        return text.ToString();
    }
}
