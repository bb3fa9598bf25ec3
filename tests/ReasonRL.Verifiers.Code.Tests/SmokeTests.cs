using ReasonRL.Core.Records;

namespace ReasonRL.Verifiers.Code.Tests;

public sealed class SmokeTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task An_honest_sort_scores_one()
    {
        var verdict = await sandbox.VerifyAsync(SandboxFixture.SortProblem(), "def solve(xs):\n    return sorted(xs)");
        Assert.Equal(Outcome.Correct, verdict.Outcome);
        Assert.Equal(1.0, verdict.Reward);
    }
}
