using System.Diagnostics;
using ReasonRL.Core.Records;

namespace ReasonRL.Verifiers.Code.Tests;

/// <summary>
/// A fork server lost with programs in flight. No program can kill its fork server any more, so the test plays the
/// part of one that finds a way: whenever a fork server runs the marked program (it holds ~160 MB, which no honest
/// program here does), the test kills that fork server, even when the program runs alone on a fresh one. The marked
/// program must be charged for it; the honest programs that shared its fork server must get their own verdicts.
/// </summary>
public sealed class WorkerLossTests
{
    private const string Culprit = "hoard = b'x' * (160 << 20)\nimport time\ntime.sleep(60)\ndef solve(xs):\n    return sorted(xs)";
    private const string Honest = "import time\ntime.sleep(0.3)\ndef solve(xs):\n    return sorted(xs)";
    private const long MarkBytes = 120L << 20;

    [Fact]
    public async Task A_program_that_takes_its_fork_server_down_even_alone_is_charged_and_its_fellows_are_not()
    {
        await using var verifier = new CodeVerifier(SandboxFixture.FastOptions with
        {
            Sandbox = SandboxFixture.FastOptions.Sandbox with { WallTimeout = TimeSpan.FromSeconds(30) },
        });
        await verifier.Pool.StartAsync(CancellationToken.None);
        var problems = Enumerable.Range(0, 12).Select(i => SandboxFixture.SortProblem($"code-sort-{i}")).ToList();
        using var stop = new CancellationTokenSource();
        var killer = Task.Run(() => KillWhereMarkedAsync(verifier, stop.Token));

        var verdicts = await Task.WhenAll(problems.Select((p, i) => verifier.VerifyAsync(p, SandboxFixture.Complete(i == 0 ? Culprit : Honest), CancellationToken.None).AsTask()));
        await stop.CancelAsync();
        var kills = await killer;

        Assert.True(kills >= 2, $"the fork servers were killed {kills} times");
        Assert.Equal((Outcome.Tampered, 0.0), (verdicts[0].Outcome, verdicts[0].Reward));
        Assert.Contains(VerdictFlags.SandboxCrash, verdicts[0].Flags);
        Assert.All(verdicts.Skip(1), v => Assert.True(v.Outcome == Outcome.Correct && v.Flags.Count == 0, $"{v.Outcome} [{string.Join(",", v.Flags)}] {v.Detail}"));
    }

    /// <summary>Kills (SIGKILL) the launcher of every fork server, shared or alone, one of whose programs holds the mark; returns how many it killed.</summary>
    private static async Task<int> KillWhereMarkedAsync(CodeVerifier verifier, CancellationToken stop)
    {
        var kills = 0;
        while (!stop.IsCancellationRequested)
        {
            foreach (var launcher in verifier.Pool.WorkerProcessIds.Concat(verifier.Pool.SoloWorkerProcessIds))
            {
                if (ProcessTree.Programs(launcher).Any(pid => ProcessTree.ResidentBytes(pid) >= MarkBytes))
                {
                    try
                    {
                        Process.GetProcessById(launcher).Kill();
                        kills++;
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                    {
                        // Already gone.
                    }
                }
            }

            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return kills;
    }
}
