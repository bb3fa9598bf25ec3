using Microsoft.Extensions.Logging;
using ReasonRL.Core.Records;
using ReasonRL.Verifiers.Code.Problems;
using ReasonRL.Verifiers.Code.Sandbox;
using ReasonRL.Verifiers.Code.Values;

namespace ReasonRL.Verifiers.Code.Tests;

public sealed class SandboxLifecycleTests
{
    private const string Honest = "def solve(xs):\n    return sorted(xs)";

    [Theory]
    [InlineData(IsolationMode.Strongest)]
    [InlineData(IsolationMode.ProcessLimitsOnly)]
    public async Task No_sandbox_process_or_socket_directory_outlives_the_verifier(IsolationMode isolation)
    {
        var verifier = new CodeVerifier(SandboxFixture.FastOptions with
        {
            Sandbox = SandboxFixture.FastOptions.Sandbox with { WallTimeout = TimeSpan.FromSeconds(30), Isolation = isolation },
        });
        await verifier.Pool.StartAsync(CancellationToken.None);
        var problem = SandboxFixture.SortProblem();
        var sleeper = sandboxCall(verifier, "import time\ntime.sleep(30)");
        var batch = await Task.WhenAll(new[] { Honest, "import os\nwhile True:\n    os.fork()", "while True:\n    pass", Honest }
            .Select(program => sandboxCall(verifier, program)));
        var processes = await WaitForDescendantsAsync(verifier.Pool, atLeast: isolation == IsolationMode.Strongest ? 4 : 2);
        var socketDirectory = verifier.Pool.SocketDirectory!;
        Assert.True(Directory.Exists(socketDirectory));

        await verifier.DisposeAsync();
        var interrupted = await sleeper.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((Outcome.Error, 0.0), (interrupted.Outcome, interrupted.Reward));
        Assert.Equal([Outcome.Correct, Outcome.Tampered, Outcome.Timeout, Outcome.Correct], batch.Select(v => v.Outcome));
        var survivors = await ProcessTree.SurvivorsAsync(processes, TimeSpan.FromSeconds(5));
        Assert.True(survivors.Count == 0, $"still alive after disposal: {string.Join("; ", survivors)}");
        Assert.False(Directory.Exists(socketDirectory));
        Assert.StartsWith(Path.GetTempPath(), socketDirectory, StringComparison.Ordinal);

        Task<Verdict> sandboxCall(CodeVerifier v, string program) =>
            v.VerifyAsync(problem, SandboxFixture.Complete(program), CancellationToken.None).AsTask();
    }

    [Fact]
    public async Task This_machine_gets_namespaces_an_unprivileged_uid_no_network_and_a_read_only_root()
    {
        await using var verifier = new CodeVerifier(SandboxFixture.FastOptions);
        var isolation = await verifier.Pool.StartAsync(CancellationToken.None);
        var probe = """
            import os
            def solve(fact):
                if fact == 'uid':
                    return os.getuid()
                if fact == 'root_beyond_system_dirs':
                    return sorted(set(os.listdir('/')) - {'usr', 'bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32', 'etc', 'dev', 'proc', 'run'})
                if fact == 'etc':
                    return os.listdir('/etc')
                if fact == 'interfaces':
                    return sorted(line.split(':')[0].strip() for line in open('/proc/net/dev').readlines()[2:])
                if fact == 'writable':
                    return [d for d in ('/', '/tmp', '/dev', '/dev/shm', '/usr', '/run/reasonrl') if os.access(d, os.W_OK)]
                if fact == 'host_files':
                    return any(os.path.exists(p) for p in ('/work', '/root', '/home', '/tmp', '/var', '/sys'))
                if fact == 'few_processes':
                    return len([p for p in os.listdir('/proc') if p.isdigit()]) <= 4
            """;
        List<TestCase> facts =
        [
            Fact("root_beyond_system_dirs", Array.Empty<string>()),
            Fact("etc", new[] { "ld.so.cache" }),
            Fact("interfaces", new[] { "lo" }),
            Fact("writable", Array.Empty<string>()),
            Fact("host_files", false),
            Fact("few_processes", true),
        ];
        if (Environment.IsPrivilegedProcess)
        {
            facts.Add(Fact("uid", 65534));
        }

        var verdict = await verifier.VerifyAsync(
            SandboxFixture.WithReference(new CodeReference("solve", [], facts)), SandboxFixture.Complete(probe), CancellationToken.None);

        Assert.Equal(SandboxKind.Namespaces, isolation.Kind);
        Assert.True(isolation.Seccomp);
        Assert.True(isolation.ChildNamespaces);
        Assert.False(isolation.IsWeak);
        Assert.True(verdict.Outcome == Outcome.Correct, verdict.Detail);

        static TestCase Fact(string name, object value) => new([PlainValue.From(name)], PlainValue.From(value));
    }

    [Fact]
    public async Task Without_namespaces_the_verdicts_are_flagged_a_warning_is_logged_and_seccomp_still_holds()
    {
        var logger = new RecordingLogger();
        await using var verifier = new CodeVerifier(
            SandboxFixture.FastOptions with { Sandbox = SandboxFixture.FastOptions.Sandbox with { Isolation = IsolationMode.ProcessLimitsOnly } }, logger);
        var problem = SandboxFixture.SortProblem();

        var honest = await verifier.VerifyAsync(problem, SandboxFixture.Complete(Honest), CancellationToken.None);
        var forkBomb = await verifier.VerifyAsync(problem, SandboxFixture.Complete("import os\nwhile True:\n    os.fork()"), CancellationToken.None);
        var killer = await verifier.VerifyAsync(problem, SandboxFixture.Complete("import os\nos.kill(os.getppid(), 9)"), CancellationToken.None);

        Assert.Equal(SandboxKind.ProcessLimitsOnly, verifier.Pool.Isolation!.Kind);
        Assert.Equal((Outcome.Correct, 1.0), (honest.Outcome, honest.Reward));
        Assert.Contains(VerdictFlags.WeakIsolation, honest.Flags);
        Assert.Equal(Outcome.Tampered, forkBomb.Outcome);
        Assert.Contains(VerdictFlags.ForbiddenSyscall, forkBomb.Flags);
        Assert.Equal(Outcome.Tampered, killer.Outcome);
        var warning = Assert.Single(logger.Messages, m => m.Level == LogLevel.Warning);
        Assert.Contains("WEAK isolation", warning.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/nonexistent/python3", null)]
    [InlineData(null, "/bin/false")]
    public async Task A_sandbox_that_cannot_run_gives_an_error_verdict_never_a_reward(string? python, string? bubblewrap)
    {
        var sandbox = SandboxFixture.FastOptions.Sandbox with
        {
            PythonPath = python,
            BubblewrapPath = bubblewrap,
            Isolation = IsolationMode.RequireNamespaces,
            StartTimeout = TimeSpan.FromSeconds(5),
        };
        await using var verifier = new CodeVerifier(SandboxFixture.FastOptions with { Sandbox = sandbox });

        var verdict = await verifier.VerifyAsync(SandboxFixture.SortProblem(), SandboxFixture.Complete(Honest), CancellationToken.None);

        Assert.Equal((Outcome.Error, 0.0), (verdict.Outcome, verdict.Reward));
    }

    [Fact]
    public async Task Cancelling_a_call_stops_its_program_and_the_pool_keeps_working()
    {
        await using var verifier = new CodeVerifier(SandboxFixture.FastOptions with { Sandbox = SandboxFixture.FastOptions.Sandbox with { WallTimeout = TimeSpan.FromSeconds(30) } });
        var problem = SandboxFixture.SortProblem();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var started = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            verifier.VerifyAsync(problem, SandboxFixture.Complete("import time\ntime.sleep(60)"), cancel.Token).AsTask());
        var after = await verifier.VerifyAsync(problem, SandboxFixture.Complete(Honest), CancellationToken.None);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"cancellation took {started.Elapsed}");
        Assert.Equal(Outcome.Correct, after.Outcome);
    }

    [Fact]
    public async Task Many_concurrent_calls_give_the_same_verdicts_as_calls_made_one_at_a_time()
    {
        await using var verifier = new CodeVerifier(SandboxFixture.FastOptions);
        var problem = SandboxFixture.SortProblem();
        string[] programs =
        [
            Honest,
            "def solve(xs):\n    return xs",
            "import os\ndef solve(xs):\n    os._exit(0)",
            "def solve(xs):\n    return xs[0]",
            "class L(list):\n    pass\ndef solve(xs):\n    return L(sorted(xs))",
            "import socket\nsocket.socket()",
        ];
        var one = new List<Verdict>();
        foreach (var program in programs)
        {
            one.Add(await verifier.VerifyAsync(problem, SandboxFixture.Complete(program), CancellationToken.None));
        }

        var many = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            verifier.VerifyAsync(problem, SandboxFixture.Complete(programs[i % programs.Length]), CancellationToken.None).AsTask()));

        Assert.All(many.Select((verdict, i) => (verdict, expected: one[i % programs.Length])), pair =>
        {
            Assert.Equal(pair.expected.Outcome, pair.verdict.Outcome);
            Assert.Equal(pair.expected.Flags, pair.verdict.Flags);
            Assert.Equal(pair.expected.Detail, pair.verdict.Detail);
        });
    }

    private static async Task<IReadOnlyList<ProcessTree.ProcessId>> WaitForDescendantsAsync(SandboxPool pool, int atLeast)
    {
        for (var i = 0; i < 100; i++)
        {
            var processes = ProcessTree.DescendantsOf(pool.WorkerProcessIds);
            if (processes.Count >= atLeast)
            {
                return processes;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException("the sandbox processes never showed up in /proc");
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(LogLevel Level, string Text)> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Messages)
            {
                Messages.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
