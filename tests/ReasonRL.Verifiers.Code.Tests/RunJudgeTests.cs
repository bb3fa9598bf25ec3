using System.Text;
using ReasonRL.Core.Records;
using ReasonRL.Verifiers.Code.Problems;
using ReasonRL.Verifiers.Code.Sandbox;
using ReasonRL.Verifiers.Code.Values;
using ReasonRL.Verifiers.Code.Verification;

namespace ReasonRL.Verifiers.Code.Tests;

/// <summary>The host-side judgement, on hand-made run reports: no sandbox involved.</summary>
public sealed class RunJudgeTests
{
    private const string Nonce = "0123456789abcdef0123456789abcdef";
    private static readonly SandboxIsolation Strong = new(SandboxKind.Namespaces, Seccomp: true, ChildNamespaces: true, "/usr/bin/python3.11", "3.11.2");

    // Schedule: v1 (expects 3), h1 (expects 5), h2 (expects 7).
    private static readonly IReadOnlyList<ScheduledTest> Schedule =
    [
        new(false, 1, new TestCase([new PlainInt(1)], new PlainInt(3))),
        new(true, 1, new TestCase([new PlainInt(2)], new PlainInt(5))),
        new(true, 2, new TestCase([new PlainInt(3)], new PlainInt(7))),
    ];

    [Theory]
    [InlineData("""{"ok":3}""", """{"ok":5}""", """{"ok":7}""", Outcome.Correct, 1.0, null)]
    [InlineData("""{"ok":3}""", """{"ok":5}""", """{"ok":8}""", Outcome.Incorrect, 0.0, VerdictFlags.PassesVisibleFailsHidden)]
    [InlineData("""{"ok":4}""", """{"ok":5}""", """{"ok":8}""", Outcome.Incorrect, 0.0, null)]
    [InlineData("""{"ok":3}""", """{"ok":5.0}""", """{"ok":7}""", Outcome.Incorrect, 0.0, VerdictFlags.PassesVisibleFailsHidden)]
    [InlineData("""{"ok":3}""", """{"ok":true}""", """{"ok":7}""", Outcome.Incorrect, 0.0, VerdictFlags.PassesVisibleFailsHidden)]
    [InlineData("""{"ok":4}""", """{"raised":"IndexError"}""", """{"ok":7}""", Outcome.Incorrect, 0.0, null)]
    [InlineData("""{"ok":3}""", """{"raised":"MemoryError","memory":true}""", """{"ok":7}""", Outcome.Incorrect, 0.0, VerdictFlags.MemoryLimit)]
    [InlineData("""{"ok":3}""", """{"too_large":true}""", """{"ok":7}""", Outcome.Incorrect, 0.0, VerdictFlags.OutputLimit)]
    [InlineData("""{"ok":3}""", """{"non_plain":"tuple"}""", """{"ok":7}""", Outcome.Incorrect, 0.0, VerdictFlags.NonPlainReturnValue)]
    [InlineData("""{"ok":3}""", """{"non_plain":"MyInt","user_type":true}""", """{"ok":7}""", Outcome.Tampered, 0.0, VerdictFlags.NonPlainReturnValue)]
    [InlineData("""{"ok":3}""", """{"ok":5}""", """{"exit":true}""", Outcome.Tampered, 0.0, VerdictFlags.ExitAttempt)]
    [InlineData("""{"ok":3}""", """{"ok":5}""", """{"what":1}""", Outcome.Tampered, 0.0, VerdictFlags.SchemaViolation)]
    [InlineData("""{"ok":3}""", """{"ok":{"a":1,"a":2}}""", """{"ok":7}""", Outcome.Tampered, 0.0, VerdictFlags.SchemaViolation)]
    public void Test_records_are_judged_by_typed_equality_on_the_host(string v1, string h1, string h2, Outcome outcome, double reward, string? flag)
    {
        var verdict = Judge(Results(Nonce, """{"loaded":true}""", v1, h1, h2));

        Assert.Equal(outcome, verdict.Outcome);
        Assert.Equal(reward, verdict.Reward);
        if (flag is null)
        {
            Assert.Empty(verdict.Flags);
        }
        else
        {
            Assert.Contains(flag, verdict.Flags);
        }
    }

    [Fact]
    public void The_fraction_option_rewards_the_share_of_hidden_tests_passed_but_never_tampering()
    {
        var options = new CodeVerifierOptions { Reward = CodeReward.FractionPassed };

        var half = RunJudge.Judge(Schedule, Report(Results(Nonce, """{"loaded":true}""", """{"ok":0}""", """{"ok":5}""", """{"ok":0}""")), options);
        var tampered = RunJudge.Judge(Schedule, Report(Results(Nonce, """{"loaded":true}""", """{"ok":3}""", """{"ok":5}""", """{"exit":true}""")), options);

        Assert.Equal((Outcome.Incorrect, 0.5), (half.Outcome, half.Reward));
        Assert.Equal((Outcome.Tampered, 0.0), (tampered.Outcome, tampered.Reward));
    }

    [Fact]
    public void Per_test_results_are_in_the_detail_visible_first()
    {
        var verdict = Judge(Results(Nonce, """{"loaded":true}""", """{"ok":3}""", """{"ok":[1,2]}""", """{"raised":"KeyError"}"""));

        Assert.Equal("hidden 0/2 passed, visible 1/1: v1 pass; h1 got [1,2], want 5; h2 raised KeyError", verdict.Detail);
    }

    [Theory]
    [InlineData("ffffffffffffffffffffffffffffffff", """{"loaded":true}""", 3)]
    [InlineData(Nonce, """{"loaded":true}""", 2)]
    [InlineData(Nonce, """{"weird":true}""", 3)]
    public void A_wrong_nonce_or_a_wrong_shape_is_a_schema_violation(string nonce, string load, int tests)
    {
        var verdict = Judge(Results(nonce, load, [.. Enumerable.Repeat("""{"ok":3}""", tests)]));

        Assert.Equal(Outcome.Tampered, verdict.Outcome);
        Assert.Equal([VerdictFlags.SchemaViolation], verdict.Flags);
    }

    [Theory]
    [InlineData("""{"exit":true}""", Outcome.Tampered, VerdictFlags.ExitAttempt)]
    [InlineData("""{"raised":"SyntaxError"}""", Outcome.Incorrect, null)]
    [InlineData("""{"raised":"MemoryError","memory":true}""", Outcome.Incorrect, VerdictFlags.MemoryLimit)]
    [InlineData("""{"no_entry":true}""", Outcome.Incorrect, null)]
    public void Loading_failures_score_zero(string load, Outcome outcome, string? flag)
    {
        var verdict = Judge(Results(Nonce, load));

        Assert.Equal((outcome, 0.0), (verdict.Outcome, verdict.Reward));
        Assert.Equal(flag is null ? [] : [flag], verdict.Flags);
    }

    [Theory]
    [InlineData(RunEnd.TimedOut, null, Outcome.Timeout, VerdictFlags.Timeout)]
    [InlineData(RunEnd.EndedWithoutReport, -9, Outcome.Timeout, VerdictFlags.Timeout)]
    [InlineData(RunEnd.EndedWithoutReport, -31, Outcome.Tampered, VerdictFlags.ForbiddenSyscall)]
    [InlineData(RunEnd.EndedWithoutReport, -11, Outcome.Incorrect, VerdictFlags.Crashed)]
    [InlineData(RunEnd.EndedWithoutReport, 0, Outcome.Tampered, VerdictFlags.ExitAttempt)]
    [InlineData(RunEnd.EndedWithoutReport, 70, Outcome.Tampered, VerdictFlags.ExitAttempt)]
    [InlineData(RunEnd.ProtocolViolation, 0, Outcome.Tampered, VerdictFlags.SchemaViolation)]
    [InlineData(RunEnd.SandboxDied, null, Outcome.Tampered, VerdictFlags.SandboxCrash)]
    [InlineData(RunEnd.OversizedFrame, -9, Outcome.Tampered, VerdictFlags.FrameLimit)]
    public void A_run_that_ends_without_results_is_charged_to_the_program(RunEnd end, int? status, Outcome outcome, string flag)
    {
        var verdict = RunJudge.Judge(Schedule, new RunReport(end, null, Nonce, status, 0, "test", Strong), new CodeVerifierOptions());

        Assert.Equal((outcome, 0.0), (verdict.Outcome, verdict.Reward));
        Assert.Equal([flag], verdict.Flags);
    }

    [Theory]
    [InlineData("""{"ok":"\udc80"}""", VerdictFlags.InvalidEncoding)]
    [InlineData("""{"ok":1""" + "000000000000000000000000000000000000000000000000000000000000" + "}", null)]
    [InlineData("""{"ok":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}""", VerdictFlags.FrameLimit)]
    [InlineData("""{"ok":5,"ok":5}""", VerdictFlags.SchemaViolation)]
    public void Results_the_driver_would_never_write_are_tampering_named_by_a_flag(string h1, string? flag)
    {
        var verdict = Judge(Results(Nonce, """{"loaded":true}""", """{"ok":3}""", h1, """{"ok":7}"""));

        Assert.Equal(0.0, verdict.Reward);
        Assert.Equal(flag is null ? Outcome.Incorrect : Outcome.Tampered, verdict.Outcome);
        Assert.Equal(flag is null ? [VerdictFlags.PassesVisibleFailsHidden] : [flag], verdict.Flags);
    }

    [Fact]
    public void Every_byte_string_becomes_a_verdict()
    {
        var honest = Encoding.ASCII.GetBytes(Results(Nonce, """{"loaded":true}""", """{"ok":3}""", """{"ok":{"a":[1.5,"x\u00e9",null]}}""", """{"raised":"E","user_type":true}"""));
        var random = new Random(17);
        var outcomes = new HashSet<Outcome>();
        for (var i = 0; i < 3000; i++)
        {
            var bytes = honest.ToArray();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var cut = i % 7 == 0 ? bytes[..random.Next(bytes.Length)] : bytes;
            outcomes.Add(RunJudge.Judge(Schedule, new RunReport(RunEnd.Reported, cut, Nonce, 0, 3, null, Strong), new CodeVerifierOptions()).Outcome);
        }

        Assert.Contains(Outcome.Tampered, outcomes);
        Assert.Contains(Outcome.Incorrect, outcomes);
    }

    [Fact]
    public void Weak_isolation_is_flagged_on_every_verdict()
    {
        var results = Results(Nonce, """{"loaded":true}""", """{"ok":3}""", """{"ok":5}""", """{"ok":7}""");
        foreach (var weak in new[] { Strong with { Kind = SandboxKind.ProcessLimitsOnly }, Strong with { ChildNamespaces = false }, Strong with { Seccomp = false } })
        {
            var verdict = RunJudge.Judge(Schedule, Report(results) with { Isolation = weak }, new CodeVerifierOptions());

            Assert.Equal((Outcome.Correct, 1.0), (verdict.Outcome, verdict.Reward));
            Assert.Equal([VerdictFlags.WeakIsolation], verdict.Flags);
        }
    }

    private static Verdict Judge(string results) => RunJudge.Judge(Schedule, Report(results), new CodeVerifierOptions());

    private static RunReport Report(string results) => new(RunEnd.Reported, Encoding.UTF8.GetBytes(results), Nonce, 0, 3, null, Strong);

    private static string Results(string nonce, string load, params string[] tests) =>
        $$"""{"nonce":"{{nonce}}","load":{{load}},"tests":[{{string.Join(",", tests)}}]}""";
}
