using System.Diagnostics;

namespace ReasonRL.Cli.Tests;

/// <summary>The script of <c>reasonrl completion bash</c>, run in bash as the shell runs it on TAB.</summary>
public class CompletionScriptTests
{
    [Fact]
    public async Task Bash_completes_verbs_options_and_values_and_leaves_file_names_to_bash()
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var command = Path.Combine(AppContext.BaseDirectory, "reasonrl.dll");
        // What bash sets before it calls a completion function: the line, the cursor, the words, the word's index.
        var script = $$"""
            reasonrl() { "{{dotnet}}" "{{command}}" "$@"; }
            eval "$(reasonrl completion bash)"
            tab() {
                COMP_LINE="$1"; COMP_POINT=${#1}
                read -ra COMP_WORDS <<< "$1"; [[ "$1" == *" " ]] && COMP_WORDS+=("")
                COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
                _reasonrl_complete
                echo "${COMPREPLY[*]}"
            }
            tab "reasonrl tr"
            tab "reasonrl distill generate --keep b"
            tab "reasonrl tasks generate arithmetic --with-solution steps_"
            tab "reasonrl train recipes/r1"
            complete -p reasonrl
            """;
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var bash = Process.Start(start)!;
        await bash.StandardInput.WriteAsync(script.Replace("\r\n", "\n", StringComparison.Ordinal));
        bash.StandardInput.Close();
        var output = await bash.StandardOutput.ReadToEndAsync();
        var error = await bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(bash.ExitCode == 0, error);
        Assert.Equal(
            [
                "train",
                "best_of_n",
                "steps_with_verification",
                "", // a file argument: no candidates, so bash completes file names (-o default)
                "complete -o bashdefault -o default -F _reasonrl_complete reasonrl",
            ],
            output.TrimEnd('\n').Split('\n'));
    }
}
