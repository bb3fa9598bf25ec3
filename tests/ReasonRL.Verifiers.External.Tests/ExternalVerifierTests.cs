using ReasonRL.Core.Records;

namespace ReasonRL.Verifiers.External.Tests;

public sealed class ExternalVerifierTests : IDisposable
{
    /// <summary>Answers like the example, but misbehaves on request: the completion names the misbehaviour.</summary>
    private const string Misbehaving = """
        import json, os, sys, time
        for line in sys.stdin:
            request = json.loads(line)
            c = request["completion"]
            reply = {"id": request["id"], "reward": 1.0, "outcome": "correct", "detail": str(os.getpid())}
            if c == "crash":
                sys.stderr.write("boom: simulated crash\n"); sys.stderr.flush(); sys.exit(3)
            if c == "hang":
                time.sleep(3600)
            if c == "slow":
                time.sleep(0.2)
            if c == "not json":
                sys.stdout.write("this is not json\n"); sys.stdout.flush(); continue
            if c == "no reward":
                del reply["reward"]
            if c == "nan reward":
                reply["reward"] = float("nan")
            if c == "string reward":
                reply["reward"] = "1.0"
            if c == "odd outcome":
                reply["outcome"] = "great"
            if c == "wrong id":
                reply["id"] = request["id"] + 1
            if c == "bad steps":
                reply["steps"] = [{"end": -1, "correct": True}]
            if c == "steps":
                reply["steps"] = [{"end": 3, "correct": True}, {"end": 9, "correct": False}]
                reply["flags"] = ["exit_attempt"]
                reply["outcome"] = "tampered"
                reply["reward"] = 0.0
            if c == "echo":
                reply["detail"] = request["problem"]["reference"]["answer"] + "|" + request["problem"]["id"]
            sys.stdout.write(json.dumps(reply) + "\n"); sys.stdout.flush()
        """;

    private readonly ScriptFolder _scripts = new();

    public void Dispose() => _scripts.Dispose();

    private ExternalVerifier Misbehaver(double timeoutSeconds = 5, int concurrency = 1) =>
        new(ScriptFolder.Options(_scripts.Write("misbehaving.py", Misbehaving), timeoutSeconds, concurrency));

    [Theory]
    [InlineData("<answer>42</answer>", Outcome.Correct, 1.0)]
    [InlineData(" <think>40+2</think> <answer> 42 </answer>", Outcome.Correct, 1.0)]
    [InlineData("<answer>41</answer>", Outcome.Incorrect, 0.0)]
    [InlineData("42", Outcome.BadFormat, 0.0)]
    [InlineData("<answer>\u00e9\u00e8 \ud83d\ude00\n\"quoted\" \\ back</answer>", Outcome.Incorrect, 0.0)]
    public async Task The_shipped_example_script_scores_answers(string completion, Outcome outcome, double reward)
    {
        using var verifier = new ExternalVerifier(ScriptFolder.Options(Path.Combine(ScriptFolder.ExampleFolder, "exact_answer.py")));

        var verdict = await verifier.VerifyAsync(ScriptFolder.Problem(), completion, CancellationToken.None);

        Assert.Equal((outcome, reward), (verdict.Outcome, verdict.Reward));
        Assert.Equal(1, verifier.Starts);
    }

    [Fact]
    public async Task One_process_answers_many_requests()
    {
        using var verifier = Misbehaver();

        var verdicts = new List<Verdict>();
        for (var i = 0; i < 20; i++)
        {
            verdicts.Add(await verifier.VerifyAsync(ScriptFolder.Problem(), "fine", CancellationToken.None));
        }

        Assert.All(verdicts, v => Assert.Equal(Outcome.Correct, v.Outcome));
        Assert.Single(verdicts.Select(v => v.Detail).Distinct());
        Assert.Equal(1, verifier.Starts);
    }

    [Fact]
    public async Task The_request_carries_the_problem_and_the_reply_its_flags_and_steps()
    {
        using var verifier = Misbehaver();

        var echo = await verifier.VerifyAsync(ScriptFolder.Problem("x\ny"), "echo", CancellationToken.None);
        var steps = await verifier.VerifyAsync(ScriptFolder.Problem(), "steps", CancellationToken.None);

        Assert.Equal("x\ny|p-1", echo.Detail);
        Assert.Equal((Outcome.Tampered, 0.0), (steps.Outcome, steps.Reward));
        Assert.Equal(["exit_attempt"], steps.Flags);
        Assert.Equal([new StepMark(3, true), new StepMark(9, false)], steps.Steps!);
    }

    [Fact]
    public async Task A_crash_is_an_error_naming_the_exit_code_and_stderr_and_the_next_request_restarts_the_process()
    {
        using var verifier = Misbehaver();

        var crashed = await verifier.VerifyAsync(ScriptFolder.Problem(), "crash", CancellationToken.None);
        var after = await verifier.VerifyAsync(ScriptFolder.Problem(), "fine", CancellationToken.None);

        Assert.Equal((Outcome.Error, 0.0), (crashed.Outcome, crashed.Reward));
        Assert.Contains("exited with code 3", crashed.Detail!, StringComparison.Ordinal);
        Assert.Contains("boom: simulated crash", crashed.Detail!, StringComparison.Ordinal);
        Assert.Equal(Outcome.Correct, after.Outcome);
        Assert.Equal(2, verifier.Starts);
    }

    [Fact]
    public async Task A_hang_times_out_as_an_error_and_the_process_is_replaced()
    {
        using var verifier = Misbehaver(timeoutSeconds: 1);

        var hung = await verifier.VerifyAsync(ScriptFolder.Problem(), "hang", CancellationToken.None);
        var after = await verifier.VerifyAsync(ScriptFolder.Problem(), "fine", CancellationToken.None);

        Assert.Equal((Outcome.Error, 0.0), (hung.Outcome, hung.Reward));
        Assert.Contains("no reply within 1 s", hung.Detail!, StringComparison.Ordinal);
        Assert.Equal([VerdictFlags.Timeout], hung.Flags);
        Assert.Equal(Outcome.Correct, after.Outcome);
        Assert.Equal(2, verifier.Starts);
    }

    [Theory]
    [InlineData("not json", "not JSON")]
    [InlineData("no reward", "'reward' must be a finite number")]
    [InlineData("nan reward", "not JSON")]
    [InlineData("string reward", "'reward' must be a finite number")]
    [InlineData("odd outcome", "'outcome' must be one of correct, incorrect, bad_format, timeout, tampered, error")]
    [InlineData("wrong id", "reply to request 2 while 1 was asked")]
    [InlineData("bad steps", "'steps' an array")]
    public async Task A_malformed_reply_is_an_error_never_a_reward(string completion, string expected)
    {
        using var verifier = Misbehaver();

        var verdict = await verifier.VerifyAsync(ScriptFolder.Problem(), completion, CancellationToken.None);
        var after = await verifier.VerifyAsync(ScriptFolder.Problem(), "fine", CancellationToken.None);

        Assert.Equal((Outcome.Error, 0.0), (verdict.Outcome, verdict.Reward));
        Assert.Contains("malformed reply", verdict.Detail!, StringComparison.Ordinal);
        Assert.Contains(expected, verdict.Detail!, StringComparison.Ordinal);
        Assert.Equal(Outcome.Correct, after.Outcome);
    }

    [Fact]
    public async Task A_program_that_cannot_start_is_an_error()
    {
        using var verifier = new ExternalVerifier(new ExternalVerifierOptions { Name = "missing", Command = "/nonexistent/verifier" });

        var verdict = await verifier.VerifyAsync(ScriptFolder.Problem(), "x", CancellationToken.None);

        Assert.Equal(Outcome.Error, verdict.Outcome);
        Assert.StartsWith("external verifier 'missing': could not start '/nonexistent/verifier'", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrency_is_bounded_by_the_number_of_processes()
    {
        using var verifier = Misbehaver(concurrency: 2);

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => verifier.VerifyAsync(ScriptFolder.Problem(), "slow", CancellationToken.None).AsTask()));

        Assert.All(verdicts, v => Assert.Equal(Outcome.Correct, v.Outcome));
        Assert.Equal(2, verdicts.Select(v => v.Detail).Distinct().Count());
        Assert.Equal(2, verifier.Starts);
    }

    [Fact]
    public async Task Cancelling_a_request_stops_it_promptly()
    {
        using var verifier = Misbehaver(timeoutSeconds: 60);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => verifier.VerifyAsync(ScriptFolder.Problem(), "hang", cancel.Token).AsTask());
        Assert.Equal(Outcome.Correct, (await verifier.VerifyAsync(ScriptFolder.Problem(), "fine", CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Disposing_ends_the_processes()
    {
        var verifier = Misbehaver();
        var pid = int.Parse((await verifier.VerifyAsync(ScriptFolder.Problem(), "fine", CancellationToken.None)).Detail!, System.Globalization.CultureInfo.InvariantCulture);

        verifier.Dispose();

        Assert.Throws<ArgumentException>(() => System.Diagnostics.Process.GetProcessById(pid));
    }
}
