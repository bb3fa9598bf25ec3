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

    [Fact]
    public async Task Results_the_host_cannot_read_and_attacks_on_siblings_never_stop_verify_and_hurt_no_honest_line()
    {
        var generated = _folder.File("code.jsonl");
        var generate = await CliRunner.RunAsync("tasks", "generate", "code", "--count", "25", "--seed", "5", "--difficulty", "1", "--with-solution", "direct", "--out", generated);
        Assert.True(generate.ExitCode == 0, generate.Error);
        var records = File.ReadAllLines(generated).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        const string Forge = "import os, struct\ndef forge(payload):\n    for fd in range(3, 64):\n        try:\n" +
            "            os.write(fd, struct.pack('>I', 5) + b'ready')\n            nonce = os.read(fd, 4 + 32)[4:]\n" +
            "            body = b'{\"nonce\":\"' + nonce + b'\"' + payload\n            os.write(fd, struct.pack('>I', len(body)) + body)\n" +
            "            os._exit(0)\n        except OSError:\n            pass\n";
        string[] attacks =
        [
            "def solve(*args):\n    return '\\udc80'",
            "def solve(*args):\n    return {b'\\xff'.decode('utf-8', 'surrogateescape'): 1}",
            Forge + "def solve(*args):\n    forge(b',\"load\":{\"loaded\":true},\"tests\":[' + b','.join([b'{\"ok\":\"\\\\ud800\"}'] * 64) + b']}')",
            Forge + "import time\ndef solve(*args):\n    forge(b',\"load\":{\"loaded\":true},\"tests\":[]}')\n    time.sleep(60)",
            "import fcntl, os\ndef solve(*args):\n    for fd in range(64):\n        try:\n            fcntl.fcntl(fd, fcntl.F_SETOWN, -os.getpgrp())\n        except OSError:\n            pass",
            "import sys\nsys.set_int_max_str_digits(0)\ndef solve(*args):\n    return 10 ** 300000",
            "import os\nos.sync()",
        ];
        for (var i = 0; i < attacks.Length; i++)
        {
            records[i * 3]["completion"] = $" <think></think> <answer>```python\n{attacks[i]}\n```</answer>";
        }

        var input = _folder.Write("input.jsonl", records.Select(r => r.ToJsonString()));
        var scored = _folder.File("scored.jsonl");

        var verify = await CliRunner.RunAsync("verify", "--input", input, "--out", scored);

        Assert.True(verify.ExitCode == 0, verify.Error);
        var verdicts = File.ReadAllLines(scored).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("verdict")).ToList();
        Assert.Equal(25, verdicts.Count);
        var attacked = Enumerable.Range(0, attacks.Length).Select(i => i * 3).ToHashSet();
        Assert.All(verdicts.Where((_, i) => attacked.Contains(i)), v => Assert.Equal(0.0, v.GetProperty("reward").GetDouble()));
        Assert.All(verdicts.Where((_, i) => !attacked.Contains(i)), v => Assert.Equal("correct", v.GetProperty("outcome").GetString()));
        Assert.Equal(
            ["non_plain_return_value", "non_plain_return_value", "invalid_encoding", "schema_violation", "forbidden_syscall", "output_limit", "forbidden_syscall"],
            attacked.Order().Select(i => verdicts[i].GetProperty("flags")[0].GetString()));
    }
}
