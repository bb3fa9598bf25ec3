namespace ReasonRL.Cli.Tests;

public class CommandLineTests
{
    [Fact]
    public async Task Help_lists_every_verb()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("--help");

        Assert.Equal(0, exitCode);
        foreach (var verb in new[] { "tasks generate", "verify", "eval", "sample", "train", "distill generate", "bench", "report" })
        {
            Assert.Contains(verb, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Every_verb_has_help_describing_its_options()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("tasks", "generate", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("Usage: reasonrl tasks generate FAMILY --count N --seed S", output, StringComparison.Ordinal);
        Assert.Contains("--with-solution STYLE", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "frobnicate" }, "unknown verb 'frobnicate'")]
    [InlineData(new[] { "trian", "x.yaml" }, "did you mean 'train'?")]
    [InlineData(new[] { "distill", "--help" }, "'distill' needs a second word: distill generate")]
    [InlineData(new[] { "tasks" }, "'tasks' needs a second word: tasks generate")]
    [InlineData(new[] { "train", "x.yaml", "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "train", "x.yaml", "--resme" }, "did you mean '--resume'?")]
    [InlineData(new[] { "train" }, "missing argument RECIPE")]
    [InlineData(new[] { "train", "a.yaml", "b.yaml" }, "unexpected argument 'b.yaml'")]
    [InlineData(new[] { "bench", "--json=yes" }, "--json takes no value")]
    [InlineData(new string[0], "Usage: reasonrl VERB")]
    public async Task Usage_errors_exit_with_code_2_and_a_short_message(string[] args, string expected)
    {
        var (exitCode, _, error) = await CliRunner.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal); // no stack trace
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
