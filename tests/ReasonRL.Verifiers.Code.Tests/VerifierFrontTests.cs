using ReasonRL.Core.Records;
using ReasonRL.Core.Text;

namespace ReasonRL.Verifiers.Code.Tests;

/// <summary>What the verifier decides before any program runs, and the plainest run of all.</summary>
public sealed class VerifierFrontTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task An_honest_sort_scores_one_with_every_test_in_the_detail()
    {
        var verdict = await sandbox.VerifyAsync(SandboxFixture.SortProblem(), "def solve(xs):\n    return sorted(xs)");

        Assert.Equal((Outcome.Correct, 1.0), (verdict.Outcome, verdict.Reward));
        Assert.Equal("hidden 6/6 passed, visible 2/2: v1 pass; v2 pass; h1 pass; h2 pass; h3 pass; h4 pass; h5 pass; h6 pass", verdict.Detail);
    }

    [Theory]
    [InlineData("def solve(xs):\n    return sorted(xs)")]
    [InlineData(" <think>```python\ndef solve(xs):\n    return sorted(xs)\n```</think>")]
    [InlineData("<answer>   </answer>")]
    [InlineData("<answer>```python\n\n```</answer>")]
    public async Task A_completion_without_a_program_in_its_answer_is_bad_format(string completion)
    {
        var verdict = await sandbox.Verifier.VerifyAsync(SandboxFixture.SortProblem(), completion, CancellationToken.None);

        Assert.Equal((Outcome.BadFormat, 0.0), (verdict.Outcome, verdict.Reward));
    }

    [Fact]
    public async Task A_program_over_the_size_limit_is_bad_format_without_running()
    {
        var program = "def solve(xs):\n    return sorted(xs)\n#" + new string('x', CodeVerifier.MaxProgramChars);

        var verdict = await sandbox.VerifyAsync(SandboxFixture.SortProblem(), program);

        Assert.Equal(Outcome.BadFormat, verdict.Outcome);
    }

    [Theory]
    [InlineData("""{"entry_point":"solve","visible_tests":[]}""")]
    [InlineData("""{"entry_point":"1bad","visible_tests":[],"hidden_tests":[{"args":[],"expected":1}]}""")]
    [InlineData("""{"visible_tests":[],"hidden_tests":[{"args":5,"expected":1}]}""")]
    [InlineData("""{"visible_tests":[],"hidden_tests":[]}""")]
    public async Task A_malformed_reference_is_an_error_never_a_reward(string reference)
    {
        var problem = SandboxFixture.SortProblem() with { Reference = SandboxFixture.Json(reference) };

        var verdict = await sandbox.Verifier.VerifyAsync(problem, R1Template.Completion("", "def solve(): return 1"), CancellationToken.None);

        Assert.Equal((Outcome.Error, 0.0), (verdict.Outcome, verdict.Reward));
        Assert.Contains("reference", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hand_written_reference_with_another_entry_point_and_float_results_is_supported()
    {
        var reference = """{"entry_point":"mean","visible_tests":[{"args":[[1,2]],"expected":1.5}],"hidden_tests":[{"args":[[1,2,3]],"expected":2.0},{"args":[[0.1,0.2]],"expected":0.15}]}""";
        var problem = SandboxFixture.SortProblem() with { Reference = SandboxFixture.Json(reference) };

        var verdict = await sandbox.VerifyAsync(problem, "def mean(xs):\n    return sum(xs) / len(xs)");
        var truncating = await sandbox.VerifyAsync(problem, "def mean(xs):\n    return sum(xs) // len(xs)");

        Assert.Equal(Outcome.Correct, verdict.Outcome);
        Assert.Equal(Outcome.Incorrect, truncating.Outcome);
    }
}
