namespace ReasonRL.Cli.Tests;

/// <summary>The command line as a user meets it: help, usage errors and their exit codes, --version, response files.</summary>
public class CommandLineTests
{
    [Fact]
    public async Task Help_lists_every_verb_with_its_summary_only()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("--help");

        Assert.Equal(0, exitCode);
        foreach (var verb in new[] { "tasks generate", "verify", "eval", "sample", "train", "distill generate", "bench", "report", "completion" })
        {
            Assert.Contains(verb, output, StringComparison.Ordinal);
        }

        Assert.Contains("Exit codes: 0 success, 1 runtime failure, 2 usage or input error, 130 stopped by Ctrl+C", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Example:", output, StringComparison.Ordinal); // a verb's details are in its own help
    }

    [Fact]
    public async Task Every_verb_has_help_describing_its_arguments_options_and_details()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("tasks", "generate", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("reasonrl tasks generate <FAMILY> [options]", output, StringComparison.Ordinal);
        Assert.Contains("--count <N> (REQUIRED)", output, StringComparison.Ordinal);
        Assert.Contains("--with-solution <STYLE>", output, StringComparison.Ordinal);
        Assert.Contains("[default: train]", output, StringComparison.Ordinal);
        Assert.Contains("Example:  reasonrl tasks generate arithmetic --count 1000", output, StringComparison.Ordinal);
        Assert.Contains("--no-progress", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "reasonrl: unknown verb 'frobnicate'")]
    [InlineData(new[] { "trian", "x.yaml" }, "unknown verb 'trian'; did you mean 'train'?")]
    [InlineData(new[] { "tasks", "generat" }, "unknown verb 'tasks generat'; did you mean 'tasks generate'?")]
    [InlineData(new[] { "distill" }, "reasonrl distill: 'distill' needs a second word: distill generate")]
    [InlineData(new[] { "tasks" }, "'tasks' needs a second word: tasks generate")]
    [InlineData(new[] { "train", "x.yaml", "--bogus" }, "reasonrl train: unknown option '--bogus'")]
    [InlineData(new[] { "train", "x.yaml", "--resme" }, "unknown option '--resme'; did you mean '--resume'?")]
    [InlineData(new[] { "train", "x.yaml", "--verbos" }, "did you mean '--verbose'?")]
    [InlineData(new[] { "train" }, "Required argument 'RECIPE' missing")]
    [InlineData(new[] { "train", "a.yaml", "b.yaml" }, "unexpected argument 'b.yaml'")]
    [InlineData(new[] { "bench", "--json=yes" }, "unexpected argument 'yes'")]
    [InlineData(new[] { "tasks", "generate", "arithmetic", "--seed", "1" }, "Option '--count' is required.")]
    [InlineData(new[] { "tasks", "generate", "arithmetic", "--count", "1", "--seed", "1", "--seed", "2" }, "'--seed' expects a single argument")]
    [InlineData(new[] { "tasks", "generate", "arithmetic", "--count", "x", "--seed", "1" }, "--count: expected an integer, got 'x'")]
    [InlineData(new[] { "completion", "fish" }, "SHELL: 'fish' is not one of: bash, zsh")]
    [InlineData(new string[0], "Usage:")]
    public async Task Usage_errors_exit_with_code_2_and_a_short_message(string[] args, string expected)
    {
        var (exitCode, output, error) = await CliRunner.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Equal("", output);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace
    }

    [Fact]
    public async Task A_usage_error_of_a_verb_names_it_and_shows_its_usage_line()
    {
        var (_, _, error) = await CliRunner.RunAsync("train", "x.yaml", "--bogus");

        Assert.Equal(
            [
                "reasonrl train: unknown option '--bogus'",
                "Usage: reasonrl train RECIPE [--set KEY=VALUE ...] [--resume] [--force] [--sweep] [--validate]",
                "Run 'reasonrl train --help' for details.",
            ],
            error.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Version_prints_the_package_version()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("--version");

        Assert.Equal(0, exitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", output);
    }

    [Fact]
    public async Task A_response_file_gives_the_same_result_as_the_arguments_it_holds()
    {
        using var folder = new TempFolder();
        var responseFile = Path.Combine(folder.Path, "generate.rsp");
        File.WriteAllText(responseFile, "# ten problems\ntasks generate arithmetic\n--count 10\n--seed=7\n--split test\n");

        var direct = await CliRunner.RunAsync("tasks", "generate", "arithmetic", "--count", "10", "--seed", "7", "--split", "test");
        var fromFile = await CliRunner.RunAsync("@" + responseFile);

        Assert.Equal(0, fromFile.ExitCode);
        Assert.Equal(10, fromFile.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(direct.Out, fromFile.Out);
    }

    [Fact]
    public async Task A_missing_response_file_is_a_usage_error()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("@/nonexistent/args.rsp");

        Assert.Equal(2, exitCode);
        Assert.Contains("/nonexistent/args.rsp", error, StringComparison.Ordinal);
    }

    // The line is what follows the executable's name (the shell scripts of `reasonrl completion` send it too; the
    // library drops it when it is the name the process runs as, which in a test is the test host's).
    [Theory]
    [InlineData("tr", "train")]
    [InlineData("tasks generate --with", "--with-solution")]
    [InlineData("distill generate --keep ", "all_correct best_of_n first_correct")]
    [InlineData("tasks generate arithmetic --split ", "test train")]
    [InlineData("completion ", "bash zsh")]
    public async Task The_suggest_directive_completes_verbs_options_and_values(string line, string expected)
    {
        var (exitCode, output, _) = await CliRunner.RunAsync($"[suggest:{line.Length}]", line);

        Assert.Equal(0, exitCode);
        var candidates = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var word = line[(line.LastIndexOf(' ') + 1)..];
        var matching = candidates.Where(c => c.StartsWith(word, StringComparison.Ordinal) && (word.Length > 0 || !c.StartsWith('-')));
        Assert.Equal(expected, string.Join(' ', matching));
    }

    [Fact]
    public async Task Bench_prints_a_json_object_with_the_gemm_peak_and_every_measurement_per_preset()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("bench", "--json", "--quick");

        Assert.Equal(0, exitCode);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.True(json.RootElement.GetProperty("gemm_gflops").GetDouble() > 0);
        var tiny = json.RootElement.GetProperty("tiny");
        foreach (var key in new[] { "train_tokens_per_s", "train_mfu", "decode_tokens_per_s", "decode_speedup_vs_naive", "score_tokens_per_s" })
        {
            Assert.True(tiny.GetProperty(key).GetDouble() > 0, key);
        }

        // Mixed-precision training rows, with MFU against both peaks, wherever the CPU has native bfloat16 (null elsewhere).
        if (json.RootElement.GetProperty("bf16_gemm_gflops").ValueKind == System.Text.Json.JsonValueKind.Number)
        {
            var mixed = tiny.GetProperty("bfloat16_training");
            foreach (var key in new[] { "train_tokens_per_s", "train_tokens_per_s_median", "train_mfu_f32_peak", "train_mfu_bf16_peak" })
            {
                Assert.True(mixed.GetProperty(key).GetDouble() > 0, key);
            }
        }
    }

    [Fact]
    public async Task Bench_verifier_measures_honest_programs_per_second_through_the_sandbox()
    {
        var (exitCode, output, error) = await CliRunner.RunAsync("bench", "--verifier", "--json", "--quick");

        Assert.True(exitCode == 0, error);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        var verifier = json.RootElement.GetProperty("code_verifier");
        Assert.Equal(64, verifier.GetProperty("batch").GetInt32());
        Assert.Equal(2, verifier.GetProperty("programs_per_s").GetArrayLength());
        Assert.True(verifier.GetProperty("programs_per_s_median").GetDouble() > 0);
        Assert.Contains("a user and PID namespace per program", verifier.GetProperty("isolation").GetString(), StringComparison.Ordinal);
    }
}
