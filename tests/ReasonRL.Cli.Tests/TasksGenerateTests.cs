using System.Text.Json;

namespace ReasonRL.Cli.Tests;

public sealed class TasksGenerateTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("arithmetic")]
    [InlineData("countdown")]
    [InlineData("cipher")]
    public async Task The_same_seed_gives_the_same_file_and_another_seed_another(string family)
    {
        var first = await CliRunner.RunAsync("tasks", "generate", family, "--count", "20", "--seed", "5");
        var again = await CliRunner.RunAsync("tasks", "generate", family, "--count", "20", "--seed", "5", "--out", _folder.File("out.jsonl"));
        var other = await CliRunner.RunAsync("tasks", "generate", family, "--count", "20", "--seed", "6");

        Assert.Equal((0, 0, 0), (first.ExitCode, again.ExitCode, other.ExitCode));
        Assert.Equal(first.Out, File.ReadAllText(_folder.File("out.jsonl")));
        Assert.NotEqual(first.Out, other.Out);
        var lines = first.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(20, lines.Length);
        Assert.All(lines, l => Assert.Equal(family, JsonDocument.Parse(l).RootElement.GetProperty("family").GetString()));
    }

    [Fact]
    public async Task Options_pick_the_split_the_level_and_a_solution_style()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync(
            "tasks", "generate", "arithmetic", "--count", "10", "--seed", "1", "--split", "test", "--difficulty", "3", "--with-solution", "steps_with_verification");

        Assert.Equal(0, exitCode);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var record = JsonDocument.Parse(line).RootElement;
            Assert.Equal(["id", "family", "prompt", "reference", "difficulty", "split", "completion"], record.EnumerateObject().Select(p => p.Name));
            Assert.Equal(("test", 3), (record.GetProperty("split").GetString(), record.GetProperty("difficulty").GetInt32()));
            Assert.Contains("Wait, ", record.GetProperty("completion").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(new[] { "tasks", "generate", "algebra", "--count", "1", "--seed", "1" }, "unknown task family 'algebra'; known families: arithmetic, cipher, code, countdown")]
    [InlineData(new[] { "tasks", "generate", "countdown", "--count", "1", "--seed", "1", "--difficulty", "5" }, "--difficulty: countdown has levels 1, 2, 3, 4")]
    [InlineData(new[] { "tasks", "generate", "cipher", "--count", "1", "--seed", "1", "--split", "dev" }, "--split: 'dev' is not one of: train, test")]
    [InlineData(new[] { "tasks", "generate", "cipher", "--count", "1", "--seed", "1", "--with-solution", "long" }, "--with-solution: 'long' is not one of: direct, steps, steps_with_verification")]
    [InlineData(new[] { "tasks", "generate", "cipher", "--count", "1", "--seed", "-1" }, "--seed must be at least 0")]
    [InlineData(new[] { "tasks", "generate", "cipher", "--count", "1", "--seed", "1", "--mistake-rate", "2" }, "--mistake-rate must be between 0 and 1")]
    public async Task Bad_options_are_usage_errors(string[] args, string expected)
    {
        var (exitCode, _, error) = await CliRunner.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plugin_families_can_be_generated()
    {
        var (exitCode, output, error) = await CliRunner.RunAsync(
            "tasks", "generate", "plugin_echo", "--count", "3", "--seed", "1", "--plugins", Path.Combine(AppContext.BaseDirectory, "plugins"));

        Assert.True(exitCode == 0, error);
        Assert.Equal(3, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("{\"id\":\"plugin_echo-train-1-000000\"", output, StringComparison.Ordinal);
    }
}
