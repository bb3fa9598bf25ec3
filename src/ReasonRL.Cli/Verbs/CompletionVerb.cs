using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;

namespace ReasonRL.Cli.Verbs;

/// <summary>
/// <c>reasonrl completion bash|zsh</c>: prints a shell script that gives <c>reasonrl</c> tab completion. The script
/// asks the command itself through System.CommandLine's <c>[suggest:POSITION]</c> directive, so completions always
/// match the installed verbs and options; where it has nothing to offer (a file argument) the shell completes file
/// names. Completes verbs, options and the listed values of options such as <c>--keep</c>.
/// </summary>
internal sealed class CompletionVerb(CliConsole console) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["completion"],
        "Print a shell script for tab completion of reasonrl's verbs, options and values",
        [new("SHELL", "bash or zsh", Values: ["bash", "zsh"])],
        [],
        "bash:  eval \"$(reasonrl completion bash)\"   (add the line to ~/.bashrc to keep it)\n" +
        "zsh:   eval \"$(reasonrl completion zsh)\"    (after compinit, e.g. in ~/.zshrc)");

    // The command line up to the cursor goes to `reasonrl [suggest:N] LINE`, which prints one candidate a line;
    // candidates are filtered by the word being completed, and with none the shell falls back to file names.
    private const string BashScript = """
        # reasonrl tab completion for bash: eval "$(reasonrl completion bash)"
        _reasonrl_complete() {
            local cur="${COMP_WORDS[COMP_CWORD]}" line="${COMP_LINE:0:COMP_POINT}" IFS=$'\n'
            local suggestions
            suggestions="$("${COMP_WORDS[0]}" "[suggest:${#line}]" "$line" 2>/dev/null)"
            COMPREPLY=($(compgen -W "$suggestions" -- "$cur"))
        }
        complete -o default -o bashdefault -F _reasonrl_complete reasonrl

        """;

    private const string ZshScript = """
        # reasonrl tab completion for zsh: eval "$(reasonrl completion zsh)" (after compinit)
        _reasonrl() {
            local line="${(j: :)words[1,CURRENT]}"
            local -a suggestions
            suggestions=(${(f)"$(${words[1]} "[suggest:${#line}]" "$line" 2>/dev/null)"})
            compadd -a suggestions || _files
        }
        compdef _reasonrl reasonrl

        """;

    public Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        var shell = arguments.RequiredArgument("SHELL");
        console.Out.Write(shell switch
        {
            "bash" => BashScript,
            "zsh" => ZshScript,
            _ => throw new UsageException($"SHELL: '{shell}' is not one of: bash, zsh", Spec),
        });
        return Task.FromResult(ReasonRLApp.Success);
    }
}
