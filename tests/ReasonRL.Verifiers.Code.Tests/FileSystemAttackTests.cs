using ReasonRL.Core.Json;
using ReasonRL.Core.Records;

namespace ReasonRL.Verifiers.Code.Tests;

/// <summary>
/// Attacks on files, with a real problem file on the host: the attacker knows its exact path, as a policy that has
/// seen the training setup might. The sandbox's file system holds no such path, and nothing can be written.
/// </summary>
public sealed class FileSystemAttackTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("reasonrl-code-attack-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Reading_the_hidden_tests_from_the_problem_file_finds_nothing()
    {
        var (problem, path) = WriteProblemFile();
        var program = $$"""
            import json
            def solve(xs):
                try:
                    with open({{Quote(path)}}) as f:
                        reference = json.loads(f.readline())['reference']
                    for test in reference['hidden_tests'] + reference['visible_tests']:
                        if test['args'] == [xs]:
                            return test['expected']
                except Exception:
                    pass
                return 'not found'
            """;

        var verdict = await sandbox.VerifyAsync(problem, program);

        Assert.True(File.Exists(path));
        Assert.Equal((Outcome.Incorrect, 0.0), (verdict.Outcome, verdict.Reward));
        Assert.Contains("got 'not found'", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_the_test_file_is_stopped_and_leaves_it_unchanged()
    {
        var (problem, path) = WriteProblemFile();
        var before = File.ReadAllText(path);
        var program = $$"""
            def solve(xs):
                with open({{Quote(path)}}, 'w') as f:
                    f.write('{"hidden_tests": []}')
                return sorted(xs)
            """;

        var verdict = await sandbox.VerifyAsync(problem, program);

        Assert.Equal((Outcome.Tampered, 0.0), (verdict.Outcome, verdict.Reward));
        Assert.Contains(VerdictFlags.ForbiddenSyscall, verdict.Flags);
        Assert.Equal(before, File.ReadAllText(path));
    }

    [Theory]
    [InlineData("open(PATH, 'w').write('x')")]
    [InlineData("open(PATH, 'a').write('x')")]
    [InlineData("__import__('os').mkdir(PATH)")]
    [InlineData("__import__('os').symlink('/etc/passwd', PATH)")]
    [InlineData("__import__('os').close(__import__('os').open(PATH, 0o101))")]
    public async Task Writing_anywhere_is_stopped_and_nothing_appears_on_the_host(string write)
    {
        var marker = Path.Combine(_directory, "marker");
        var tmpMarker = Path.Combine(Path.GetTempPath(), $"reasonrl-attack-{Guid.NewGuid():N}");
        var program = $"PATH = {Quote(marker)}\nTMP = {Quote(tmpMarker)}\ndef solve(xs):\n    try:\n        {write.Replace("\n", "\n    ", StringComparison.Ordinal)}\n    except OSError:\n        pass\n    {write.Replace("PATH", "TMP", StringComparison.Ordinal)}\n    return sorted(xs)";

        var verdict = await sandbox.VerifyAsync(SandboxFixture.SortProblem(), program);

        Assert.Equal((Outcome.Tampered, 0.0), (verdict.Outcome, verdict.Reward));
        Assert.Contains(VerdictFlags.ForbiddenSyscall, verdict.Flags);
        Assert.False(Path.Exists(marker));
        Assert.False(Path.Exists(tmpMarker));
    }

    private (Problem Problem, string Path) WriteProblemFile()
    {
        var problem = SandboxFixture.SortProblem();
        var path = Path.Combine(_directory, "problems.jsonl");
        File.WriteAllText(path, Jsonl.Line(problem) + "\n");
        return (problem, path);
    }

    private static string Quote(string path) => $"'{path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'";
}
