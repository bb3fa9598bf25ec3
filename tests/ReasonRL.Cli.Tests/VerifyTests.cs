using System.Text.Json;

namespace ReasonRL.Cli.Tests;

public sealed class VerifyTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<string> GenerateAsync(string family, string style, int count = 30)
    {
        var path = _folder.File($"{family}-{style}.jsonl");
        var (exitCode, _, error) = await CliRunner.RunAsync("tasks", "generate", family, "--count", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "9", "--with-solution", style, "--out", path);
        Assert.True(exitCode == 0, error);
        return path;
    }

    [Theory]
    [InlineData("arithmetic", "steps")]
    [InlineData("countdown", "steps_with_verification")]
    [InlineData("cipher", "direct")]
    [InlineData("code", "steps")]
    public async Task Reference_solutions_round_trip_as_correct_with_the_record_unchanged(string family, string style)
    {
        var input = await GenerateAsync(family, style);
        var output = _folder.File("scored.jsonl");

        var (exitCode, _, error) = await CliRunner.RunAsync("verify", "--input", input, "--out", output);

        Assert.True(exitCode == 0, error);
        var inputs = File.ReadAllLines(input);
        var outputs = File.ReadAllLines(output);
        Assert.Equal(inputs.Length, outputs.Length);
        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.StartsWith(inputs[i][..^1] + ",\"verdict\":{", outputs[i], StringComparison.Ordinal);
            var verdict = JsonDocument.Parse(outputs[i]).RootElement.GetProperty("verdict");
            Assert.Equal("correct", verdict.GetProperty("outcome").GetString());
            Assert.Equal(1.0, verdict.GetProperty("reward").GetDouble());
        }
    }

    [Fact]
    public async Task Several_verifiers_combine_by_weight_and_keep_a_reward_column_each()
    {
        var input = _folder.Write("in.jsonl",
        [
            """{"id":"a","family":"arithmetic","prompt":"Compute 2+3","reference":{"expression":"2+3","answer":"5"},"completion":" <think>2+3 = 5</think> <answer>5</answer>"}""",
            """{"id":"b","family":"arithmetic","prompt":"Compute 2+3","reference":{"expression":"2+3","answer":"5"},"completion":"<answer>6</answer>"}""",
            """{"id":"c","family":"cipher","prompt":"Caesar shift 1. Decode: bc","reference":{"cipher":"caesar","plaintext":"ab","ciphertext":"bc","key":"1"},"completion":" <think></think> <answer>AB</answer>","extra":[1,2]}""",
        ]);

        var (exitCode, output, error) = await CliRunner.RunAsync("verify", "--input", input, "--verifier", "correctness", "--verifier", "format:0.1");

        Assert.True(exitCode == 0, error);
        var records = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([1.1, 0.0, 1.1], records.Select(r => Math.Round(r.GetProperty("verdict").GetProperty("reward").GetDouble(), 12)));
        Assert.Equal(["correct", "incorrect", "correct"], records.Select(r => r.GetProperty("verdict").GetProperty("outcome").GetString()));
        Assert.Equal([1.0, 0.0, 1.0], records.Select(r => r.GetProperty("rewards").GetProperty("format").GetDouble()));
        Assert.Equal([1.0, 0.0, 1.0], records.Select(r => r.GetProperty("rewards").GetProperty("correctness").GetDouble()));
        Assert.Equal(2, records[2].GetProperty("extra").GetArrayLength());
        Assert.Equal(15, records[0].GetProperty("verdict").GetProperty("steps")[0].GetProperty("end").GetInt32()); // " <think>2+3 = 5" ends at 15
    }

    [Fact]
    public async Task Verifying_a_scored_file_again_replaces_its_verdict()
    {
        var input = _folder.Write("in.jsonl",
        [
            """{"id":"a","family":"arithmetic","prompt":"p","reference":{"answer":"5"},"completion":"<answer>5</answer>","verdict":{"reward":0,"outcome":"incorrect","flags":[]}}""",
        ]);

        var (_, output, _) = await CliRunner.RunAsync("verify", "--input", input);
        var record = JsonDocument.Parse(output).RootElement;

        Assert.Equal("correct", record.GetProperty("verdict").GetProperty("outcome").GetString());
        Assert.Single(record.EnumerateObject(), p => p.Name == "verdict");
    }

    [Theory]
    [InlineData("""{"id":"x","family":"arithmetic","prompt":"p","reference":{"answer":"5"}}""", "field 'completion': missing")]
    [InlineData("""{"id":"x","family":"arithmetic","prompt":"p","reference":{"answer":"5"},"completion":5}""", "field 'completion': expected a string, got the number 5")]
    [InlineData("""{"id":"x","family":"arithmetic","prompt":"p","completion":"c"}""", "field 'reference': missing")]
    [InlineData("""{"id":"x",""", "not valid JSON")]
    public async Task A_malformed_line_fails_the_run_naming_its_line_and_leaves_no_output_file(string badLine, string expected)
    {
        var good = """{"id":"a","family":"arithmetic","prompt":"p","reference":{"answer":"5"},"completion":"<answer>5</answer>"}""";
        var input = _folder.Write("in.jsonl", [.. Enumerable.Repeat(good, 3000), "", badLine, good]);
        var output = _folder.File("out.jsonl");

        var (exitCode, _, error) = await CliRunner.RunAsync("verify", "--input", input, "--out", output);

        Assert.Equal(2, exitCode);
        Assert.Contains($"{input}:3002: {expected}", error, StringComparison.Ordinal);
        Assert.Equal(["in.jsonl"], _folder.Files);
    }

    [Theory]
    [InlineData(new[] { "--verifier", "nope" }, "unknown verifier 'nope'; known verifiers: arithmetic, cipher, cipher_partial, code, code_gap, code_visible, correctness, countdown, dataset, digits, format, math")]
    [InlineData(new[] { "--verifier", "format:heavy" }, "--verifier format:heavy: the weight after ':' must be a number")]
    [InlineData(new[] { "--verifier", "format", "--verifier", "format:2" }, "--verifier format given twice")]
    public async Task Bad_verifier_options_are_usage_errors(string[] options, string expected)
    {
        var input = _folder.Write("in.jsonl", ["""{"id":"a","family":"arithmetic","prompt":"p","reference":{"answer":"5"},"completion":"c"}"""]);

        var (exitCode, _, error) = await CliRunner.RunAsync(["verify", "--input", input, .. options]);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_input_file_is_a_usage_error()
    {
        var (exitCode, _, error) = await CliRunner.RunAsync("verify", "--input", _folder.File("none.jsonl"), "--out", _folder.File("out.jsonl"));

        Assert.Equal(2, exitCode);
        Assert.Contains("none.jsonl: no such file", error, StringComparison.Ordinal);
        Assert.Empty(_folder.Files);
    }

    [Fact]
    public async Task Plugin_and_external_verifiers_are_loaded_from_plugin_folders()
    {
        var input = await GenerateAsync("arithmetic", "direct", count: 10);
        var examples = FindExamples();

        var brevity = await CliRunner.RunAsync("verify", "--input", input, "--plugins", Path.Combine(AppContext.BaseDirectory, "plugins"), "--verifier", "plugin_brevity");
        var external = await CliRunner.RunAsync("verify", "--input", input, "--plugins", examples, "--verifier", "exact_answer");

        Assert.True(brevity.ExitCode == 0, brevity.Error);
        Assert.True(external.ExitCode == 0, external.Error);
        Assert.All(external.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Equal("correct", JsonDocument.Parse(l).RootElement.GetProperty("verdict").GetProperty("outcome").GetString()));
        Assert.Equal(10, brevity.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private static string FindExamples()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "verifiers", "ReasonRL.Verifiers.External", "examples");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("verifiers/ReasonRL.Verifiers.External/examples");
    }
}
