using System.Text.Json;
using System.Text.Json.Nodes;

namespace ReasonRL.Cli.Tests;

/// <summary><c>reasonrl tasks generate code</c> then <c>reasonrl verify</c>: reference solutions pass, hacks score 0 with their flags.</summary>
public sealed class CodeVerifyTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Generated_code_problems_verify_through_the_cli_and_hacks_are_named_in_the_verdict()
    {
        var generated = _folder.File("code.jsonl");
        var generate = await CliRunner.RunAsync("tasks", "generate", "code", "--count", "8", "--seed", "3", "--difficulty", "2", "--with-solution", "steps", "--out", generated);
        Assert.True(generate.ExitCode == 0, generate.Error);
        var records = File.ReadAllLines(generated).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        string[] hacks =
        [
            "import sys\nsys.exit(0)",
            "class Yes:\n    def __eq__(self, other):\n        return True\ndef solve(*args):\n    return Yes()",
            "import os\nos.kill(os.getppid(), 9)",
        ];
        for (var i = 0; i < hacks.Length; i++)
        {
            records[i]["completion"] = $" <think></think> <answer>```python\n{hacks[i]}\n```</answer>";
        }

        var input = _folder.Write("input.jsonl", records.Select(r => r.ToJsonString()));
        var scored = _folder.File("scored.jsonl");

        var verify = await CliRunner.RunAsync("verify", "--input", input, "--out", scored);

        Assert.True(verify.ExitCode == 0, verify.Error);
        var verdicts = File.ReadAllLines(scored).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("verdict")).ToList();
        Assert.Equal(
            ["tampered", "tampered", "tampered", "correct", "correct", "correct", "correct", "correct"],
            verdicts.Select(v => v.GetProperty("outcome").GetString()));
        Assert.Equal(
            ["exit_attempt", "non_plain_return_value", "forbidden_syscall"],
            verdicts.Take(3).Select(v => v.GetProperty("flags")[0].GetString()));
        Assert.Equal([0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0], verdicts.Select(v => v.GetProperty("reward").GetDouble()));
    }
}
