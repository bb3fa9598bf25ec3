using ReasonRL.Core.Json;
using ReasonRL.Core.Records;

namespace ReasonRL.Core.Tests.Json;

public sealed class JsonlTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-jsonl-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteFile(params string[] lines)
    {
        var path = Path.Combine(_folder, "problems.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    [Fact]
    public void Reads_problems_and_skips_blank_lines()
    {
        var path = WriteFile(
            """{"id": "a-1", "family": "arithmetic", "prompt": "1+1", "reference": {"answer": "2"}, "difficulty": 2, "split": "test"}""",
            "",
            """{"id": "a-2", "family": "arithmetic", "prompt": "2+2", "reference": {"answer": "4"}}""");

        var problems = ProblemJson.ReadFile(path).ToList();

        Assert.Equal(2, problems.Count);
        Assert.Equal(("a-1", 2, Split.Test), (problems[0].Id, problems[0].Difficulty, problems[0].Split));
        Assert.Equal(("a-2", 1, Split.Train), (problems[1].Id, problems[1].Difficulty, problems[1].Split));
        Assert.Equal("4", problems[1].Reference.GetProperty("answer").GetString());
    }

    [Theory]
    [InlineData("""{"id": "x", "family": "f", "reference": {}}""", "problems.jsonl:2: field 'prompt': missing")]
    [InlineData("""{"id": 7, "family": "f", "prompt": "p", "reference": {}}""", "problems.jsonl:2: field 'id': expected a string, got the number 7")]
    [InlineData("""{"id": "x", "family": "f", "prompt": "p", "reference": {}, "split": "dev"}""", "problems.jsonl:2: field 'split': 'dev' is not one of: train, test")]
    [InlineData("""{"id": "x", "family": "f", "prompt": "p", "reference": 3}""", "problems.jsonl:2: field 'reference': expected an object")]
    [InlineData("""{"id": "x", "family": "f", "prompt": "p", "reference": {}, "difficulty": 0}""", "problems.jsonl:2: field 'difficulty': must be at least 1, got 0")]
    [InlineData("""{"id": "x",""", "problems.jsonl:2: not valid JSON")]
    [InlineData("""[1, 2]""", "problems.jsonl:2: expected a JSON object on each line")]
    public void A_bad_line_is_reported_with_file_line_and_field(string badLine, string expected)
    {
        var path = WriteFile("""{"id": "ok", "family": "f", "prompt": "p", "reference": {}}""", badLine);

        var error = Assert.Throws<InputException>(() => ProblemJson.ReadFile(path).ToList());

        Assert.StartsWith(expected.Replace("problems.jsonl", path, StringComparison.Ordinal), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_an_input_error()
    {
        var error = Assert.Throws<InputException>(() => Jsonl.Read(Path.Combine(_folder, "nope.jsonl")).ToList());
        Assert.Contains("no such file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_are_written_with_snake_case_names_and_enum_values()
    {
        var verdict = new Verdict(0.0, Outcome.BadFormat, ["timeout"], [new StepMark(12, true)], "no answer tag");

        Assert.Equal(
            """{"reward":0,"outcome":"bad_format","flags":["timeout"],"steps":[{"end":12,"correct":true}],"detail":"no answer tag"}""",
            Jsonl.Line(verdict));
    }
}
