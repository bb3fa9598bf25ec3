using System.Text.Json;

namespace ReasonRL.Cli.Tests;

public sealed class EvalTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Record(string id, string family, int difficulty, string answer, string outcome, string thinking = "") =>
        JsonSerializer.Serialize(new
        {
            id,
            family,
            prompt = "p",
            reference = new { },
            difficulty,
            completion = $" <think>{thinking}</think> <answer>{answer}</answer>",
            verdict = new { reward = outcome == "correct" ? 1.0 : 0.0, outcome, flags = Array.Empty<string>() },
        });

    /// <summary>
    /// A (arithmetic, level 1): answers 1/2 ✓, 0.5 ✓, 3 ✗, 3 ✗ — by value the vote is 2-2 and "1/2" came first.
    /// B (arithmetic, level 2): 7 ✗, 8 ✗, 9 ✗, 8 ✗ (one with "Wait,").
    /// C (cipher, level 1): Hi ✓, hi ✓, ho ✗, error.
    /// Records of different problems are interleaved.
    /// </summary>
    private string HandMadeFile() => _folder.Write("scored.jsonl",
    [
        Record("A", "arithmetic", 1, "1/2", "correct"),
        Record("B", "arithmetic", 2, "7", "incorrect"),
        Record("C", "cipher", 1, "Hi", "correct"),
        Record("A", "arithmetic", 1, "0.5", "correct"),
        Record("B", "arithmetic", 2, "8", "incorrect", "Wait, no"),
        Record("C", "cipher", 1, "hi", "correct"),
        Record("A", "arithmetic", 1, "3", "incorrect"),
        Record("A", "arithmetic", 1, "3", "incorrect"),
        Record("B", "arithmetic", 2, "9", "incorrect"),
        Record("B", "arithmetic", 2, "8", "incorrect"),
        Record("C", "cipher", 1, "ho", "incorrect"),
        Record("C", "cipher", 1, "hi", "error"),
    ]);

    [Fact]
    public async Task Json_numbers_match_hand_computed_values()
    {
        var (exitCode, output, error) = await CliRunner.RunAsync("eval", "--input", HandMadeFile(), "--k", "2", "--json");

        Assert.True(exitCode == 0, error);
        var report = JsonDocument.Parse(output).RootElement;
        var overall = report.GetProperty("overall");
        Assert.Equal(2, report.GetProperty("k").GetInt32());
        Assert.Equal((3, 12, 1), (overall.GetProperty("problems").GetInt32(), overall.GetProperty("completions").GetInt32(), overall.GetProperty("errors").GetInt32()));
        // pass@1: A 2/4, B 0/4, C 2/4.  pass@2 = 1 - C(n-c,2)/C(4,2): A 1 - 1/6, B 0, C 1 - 1/6.
        Assert.Equal((0.5 + 0 + 0.5) / 3, overall.GetProperty("pass_at_1").GetDouble(), 12);
        Assert.Equal((5.0 / 6 + 0 + 5.0 / 6) / 3, overall.GetProperty("pass_at_k").GetDouble(), 12);
        // maj@2 over the first two samples: A "1/2","0.5" are one value (✓); B "7","8" tie, "7" first (✗); C "hi" twice (✓).
        Assert.Equal(2.0 / 3, overall.GetProperty("maj_at_k").GetDouble(), 12);
        Assert.Equal(1.0 / 12, overall.GetProperty("reflection_rate").GetDouble(), 12);
        var lengths = File.ReadLines(_folder.File("scored.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("completion").GetString()!.Length);
        Assert.Equal(lengths.Average(), overall.GetProperty("mean_length").GetDouble(), 12);

        var families = report.GetProperty("families");
        Assert.Equal(["arithmetic", "cipher"], families.EnumerateArray().Select(f => f.GetProperty("family").GetString()));
        var arithmetic = families[0];
        Assert.Equal(0.25, arithmetic.GetProperty("metrics").GetProperty("pass_at_1").GetDouble(), 12);
        Assert.Equal([1, 2], arithmetic.GetProperty("difficulties").EnumerateArray().Select(d => d.GetProperty("difficulty").GetInt32()));
        Assert.Equal(1.0, arithmetic.GetProperty("difficulties")[0].GetProperty("metrics").GetProperty("maj_at_k").GetDouble());
    }

    [Fact]
    public async Task Maj_at_k_compares_arithmetic_answers_by_value()
    {
        var (_, output, _) = await CliRunner.RunAsync("eval", "--input", HandMadeFile(), "--k", "4", "--json");

        // A with all four samples: "1/2" and "0.5" are two votes for 1/2, tied with "3"; 1/2 came first.
        var a = JsonDocument.Parse(output).RootElement.GetProperty("families")[0].GetProperty("difficulties")[0].GetProperty("metrics");
        Assert.Equal(1.0, a.GetProperty("maj_at_k").GetDouble());
        Assert.Equal(1.0, a.GetProperty("pass_at_k").GetDouble());
    }

    [Fact]
    public async Task The_table_has_a_row_per_family_and_difficulty()
    {
        var (exitCode, output, _) = await CliRunner.RunAsync("eval", "--input", HandMadeFile(), "--k", "2");

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("pass@1  pass@2  maj@2", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("all ", lines[2], StringComparison.Ordinal);
        Assert.Contains(" 0.333  ", lines[2], StringComparison.Ordinal);
        Assert.Equal(["all", "arithmetic", "difficulty", "difficulty", "cipher", "difficulty"], lines[2..].Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]));
    }

    [Fact]
    public async Task Reflection_phrases_can_be_replaced()
    {
        var (_, output, _) = await CliRunner.RunAsync("eval", "--input", HandMadeFile(), "--k", "1", "--json", "--reflection-phrase", "hi");

        Assert.Equal(3.0 / 12, JsonDocument.Parse(output).RootElement.GetProperty("overall").GetProperty("reflection_rate").GetDouble(), 12); // "Hi", "hi", "hi"; not "think"
    }

    [Theory]
    [InlineData(new[] { "--k", "5" }, "problem 'A' has 4 completions; --k 5 needs at least 5 for every problem")]
    [InlineData(new[] { "--k", "0" }, "--k must be at least 1")]
    [InlineData(new string[0], "missing option --k")]
    public async Task Bad_k_is_a_usage_error(string[] options, string expected)
    {
        var (exitCode, _, error) = await CliRunner.RunAsync(["eval", "--input", HandMadeFile(), .. options]);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":"A","family":"arithmetic","completion":"c"}""", "field 'verdict': missing (score the completions with 'reasonrl verify' first)")]
    [InlineData("""{"id":"A","family":"arithmetic","completion":"c","verdict":{"outcome":"great"}}""", "field 'verdict.outcome': expected one of: correct, incorrect")]
    [InlineData("""{"id":"A","family":"cipher","completion":"c","verdict":{"outcome":"correct"}}""", "problem 'A' appeared before with family 'arithmetic' and difficulty 1")]
    public async Task A_bad_record_names_its_line(string line, string expected)
    {
        var input = _folder.Write("bad.jsonl", [Record("A", "arithmetic", 1, "1", "correct"), line]);

        var (exitCode, _, error) = await CliRunner.RunAsync("eval", "--input", input, "--k", "1");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{input}:2: {expected}", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Online_evaluation_with_a_missing_problems_file_names_it()
    {
        var missing = _folder.File("p.jsonl");

        var (exitCode, _, error) = await CliRunner.RunAsync("eval", "--checkpoint", "runs/x", "--problems", missing, "--samples", "4");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{missing}: no such file", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_verify_eval_chain_gives_perfect_scores_for_reference_solutions()
    {
        var problems = _folder.File("problems.jsonl");
        var scored = _folder.File("scored.jsonl");
        await CliRunner.RunAsync("tasks", "generate", "arithmetic", "--count", "10", "--seed", "3", "--with-solution", "steps_with_verification", "--out", problems);
        await CliRunner.RunAsync("verify", "--input", problems, "--out", scored);

        var (exitCode, output, _) = await CliRunner.RunAsync("eval", "--input", scored, "--k", "1", "--json");

        Assert.Equal(0, exitCode);
        var overall = JsonDocument.Parse(output).RootElement.GetProperty("overall");
        Assert.Equal((1.0, 1.0, 1.0), (overall.GetProperty("pass_at_1").GetDouble(), overall.GetProperty("maj_at_k").GetDouble(), overall.GetProperty("reflection_rate").GetDouble()));
    }
}
