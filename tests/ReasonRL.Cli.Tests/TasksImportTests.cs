using System.Text.Json;

namespace ReasonRL.Cli.Tests;

public sealed class TasksImportTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_jsonl_dataset_becomes_problems_that_verify_with_the_math_verifier()
    {
        var input = _folder.Write("gsm.jsonl", [
            "{\"question\": \"Ann has 2 pens and gets 3 more. How many?\", \"answer\": \"2+3 = 5\\n#### 5\"}",
            "{\"question\": \"Half of one?\", \"answer\": \"It is \\\\boxed{\\\\frac{1}{2}}.\"}",
        ]);

        var import = await CliRunner.RunAsync("tasks", "import", input, "--prompt-column", "question", "--answer-column", "answer", "--out", _folder.File("problems.jsonl"));
        var lines = File.ReadAllLines(_folder.File("problems.jsonl"));
        var withCompletions = _folder.Write("scored-input.jsonl", lines.Select((line, i) => line[..^1] + $",\"completion\":\"<answer>{(i == 0 ? "5" : "0.5")}</answer>\"}}"));
        var verify = await CliRunner.RunAsync("verify", "--input", withCompletions, "--verifier", "math");

        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Equal(["5", "\\frac{1}{2}"], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("reference").GetProperty("answer").GetString()));
        Assert.All(lines, l => Assert.Equal("dataset", JsonDocument.Parse(l).RootElement.GetProperty("family").GetString()));
        Assert.True(verify.ExitCode == 0, verify.Error);
        Assert.All(verify.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), l =>
            Assert.Equal("correct", JsonDocument.Parse(l).RootElement.GetProperty("verdict").GetProperty("outcome").GetString()));
    }

    [Fact]
    public async Task A_bad_row_exits_2_naming_file_line_and_field_and_writes_nothing()
    {
        var input = _folder.Write("bad.jsonl", ["{\"question\": \"1+1?\", \"answer\": \"2\"}", "{\"question\": \"2+2?\"}"]);

        var (exitCode, _, error) = await CliRunner.RunAsync("tasks", "import", input, "--out", _folder.File("out.jsonl"));

        Assert.Equal(2, exitCode);
        Assert.Contains($"{input}:2: field 'answer': missing", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal(["bad.jsonl"], _folder.Files);
    }

    [Fact]
    public async Task An_unknown_format_is_a_usage_error()
    {
        var input = _folder.Write("data.csv", ["question,answer"]);

        var (exitCode, _, error) = await CliRunner.RunAsync("tasks", "import", input);

        Assert.Equal(2, exitCode);
        Assert.Contains("unknown dataset format '.csv'; give a .jsonl or .parquet file", error, StringComparison.Ordinal);
    }
}
