using ReasonRL.Core.Records;

namespace ReasonRL.Verifiers.Code.Tests;

/// <summary>
/// Round 2: programs written by an attacker who has read forkserver.py and wants to hurt the judge or its group-mates
/// rather than pass (in GRPO, sabotaging the other completions of a group raises one's own advantage). One class per
/// way in: (1) results the host cannot read, (2) signals and ownership aimed at siblings and the fork server,
/// (3) stalling the worker, (4) host CPU, (5) state that outlives the program. Each scores 0 with the outcome and flag
/// that name it, and in a batch of 25 hurts none of its 24 honest siblings.
/// </summary>
public sealed class SiblingAttackTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Honest = "def solve(xs):\n    return sorted(xs)";

    /// <summary>Python that takes over the result channel with the real nonce and sends <c>body</c> (the bytes after the nonce).</summary>
    private const string Forge = """
        import os, struct
        def frame(fd, data):
            os.write(fd, struct.pack('>I', len(data)) + data)
        def forge(body, then=None):
            for fd in range(3, 64):
                try:
                    frame(fd, b'ready')
                    length = struct.unpack('>I', os.read(fd, 4))[0]
                    nonce = os.read(fd, length)
                    os.write(fd, body(nonce))
                    if then:
                        then()
                    os._exit(0)
                except OSError:
                    pass
        def framed(payload):
            return lambda nonce: struct.pack('>I', len(b'{"nonce":"' + nonce + b'"' + payload)) + b'{"nonce":"' + nonce + b'"' + payload
        def tests(*records):
            return b',"load":{"loaded":true},"tests":[' + b','.join(records) + b']}'

        """;

    public enum AttackClass
    {
        UnreadableResults = 1,
        Siblings = 2,
        StallTheWorker = 3,
        HostCpu = 4,
        PersistentState = 5,
    }

    public sealed record Attack(AttackClass Class, string Name, string Program, Outcome Outcome, string? Flag)
    {
        public override string ToString() => $"{(int)Class}: {Name}";
    }

    public static IReadOnlyList<Attack> Corpus { get; } =
    [
        // (1) Results the host cannot read, from the honest driver or forged.
        new(AttackClass.UnreadableResults, "returning a string with an unpaired surrogate (surrogateescape)", """
            def solve(xs):
                return b'caf\xe9'.decode('utf-8', 'surrogateescape')
            """, Outcome.Incorrect, VerdictFlags.NonPlainReturnValue),
        new(AttackClass.UnreadableResults, "a dict key with an unpaired surrogate", """
            def solve(xs):
                return {'\udc80': sorted(xs)}
            """, Outcome.Incorrect, VerdictFlags.NonPlainReturnValue),
        new(AttackClass.UnreadableResults, "raising an exception whose class name is an unpaired surrogate", """
            def solve(xs):
                raise type('\ud800', (Exception,), {})()
            """, Outcome.Incorrect, null),
        new(AttackClass.UnreadableResults, "a forged frame with an unpaired surrogate escape", Forge + """
            def solve(xs):
                forge(framed(tests(*[b'{"ok":"\\ud800"}'] * 8)))
            """, Outcome.Tampered, VerdictFlags.InvalidEncoding),
        new(AttackClass.UnreadableResults, "a forged frame whose nonce is an unpaired surrogate", Forge + """
            payload = b'{"nonce":"\\udc00","load":{"loaded":true},"tests":[]}'
            def solve(xs):
                forge(lambda nonce: struct.pack('>I', len(payload)) + payload)
            """, Outcome.Tampered, VerdictFlags.InvalidEncoding),
        new(AttackClass.UnreadableResults, "a forged frame of invalid UTF-8", Forge + """
            def solve(xs):
                forge(framed(tests(*[b'{"ok":"\xff\xfe"}'] * 8)))
            """, Outcome.Tampered, VerdictFlags.InvalidEncoding),
        new(AttackClass.UnreadableResults, "a forged frame that is not JSON", Forge + """
            def solve(xs):
                forge(framed(b',"load":{"loaded":true},"tests":[}'))
            """, Outcome.Tampered, VerdictFlags.SchemaViolation),
        new(AttackClass.UnreadableResults, "a forged frame of the wrong shape", Forge + """
            def solve(xs):
                forge(framed(tests(*[b'{"ok":[1,2,3],"also":true}'] * 8)))
            """, Outcome.Tampered, VerdictFlags.SchemaViolation),
        new(AttackClass.UnreadableResults, "a forged frame nested 100,000 deep", Forge + """
            def solve(xs):
                forge(framed(tests(b'{"ok":' + b'[' * 100000 + b']' * 100000 + b'}', *[b'{"ok":[]}'] * 7)))
            """, Outcome.Tampered, VerdictFlags.FrameLimit),
        new(AttackClass.UnreadableResults, "announcing a 2 GB frame", Forge + """
            def solve(xs):
                forge(lambda nonce: struct.pack('>I', 0x7fffffff) + b'{' * 1000)
            """, Outcome.Tampered, VerdictFlags.FrameLimit),

        // (2) Signals and ownership aimed at siblings and the fork server.
        new(AttackClass.Siblings, "F_SETSIG SIGKILL and F_SETOWN to the process group on every descriptor", """
            import fcntl, os, signal
            def solve(xs):
                for fd in range(64):
                    try:
                        fcntl.fcntl(fd, 10, signal.SIGKILL)  # F_SETSIG
                        fcntl.fcntl(fd, fcntl.F_SETOWN, -os.getpgrp())
                        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_ASYNC)
                    except OSError:
                        pass
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),
        new(AttackClass.Siblings, "F_SETOWN_EX to the parent's pid", """
            import fcntl, os, struct
            def solve(xs):
                for fd in range(64):
                    try:
                        fcntl.fcntl(fd, 15, struct.pack('ii', 1, os.getppid() or 1))  # F_SETOWN_EX, F_OWNER_PID
                    except OSError:
                        pass
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),
        new(AttackClass.Siblings, "O_ASYNC alone on the result socket", """
            import fcntl, os
            def solve(xs):
                for fd in range(3, 64):
                    try:
                        fcntl.fcntl(fd, fcntl.F_SETFL, os.O_ASYNC)
                    except OSError:
                        pass
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),
        new(AttackClass.Siblings, "ioctl FIOSETOWN, SIOCSPGRP and FIOASYNC on every descriptor", """
            import fcntl, struct
            def solve(xs):
                for request in (0x8901, 0x8902, 0x5452):
                    for fd in range(64):
                        try:
                            fcntl.ioctl(fd, request, struct.pack('i', 0))
                        except OSError:
                            pass
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),
        new(AttackClass.Siblings, "joining the fork server's process group", """
            import os
            def solve(xs):
                os.setpgid(0, os.getpgid(os.getppid()))
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),
        new(AttackClass.Siblings, "SIGINT to its own process group", """
            import os, signal
            os.killpg(os.getpgrp(), signal.SIGINT)
            def solve(xs):
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),
        new(AttackClass.Siblings, "SIGSYS to every pid it can list, to frame them", """
            import os, signal
            def solve(xs):
                for pid in os.listdir('/proc'):
                    if pid.isdigit():
                        try:
                            os.kill(int(pid), signal.SIGSYS)
                        except OSError:
                            pass
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),
        new(AttackClass.Siblings, "ptrace-attaching to every pid", """
            import ctypes, os
            libc = ctypes.CDLL(None)
            def solve(xs):
                for pid in os.listdir('/proc'):
                    if pid.isdigit():
                        libc.ptrace(16, int(pid), None, None)  # PTRACE_ATTACH
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),
        new(AttackClass.Siblings, "reading siblings' memory through /proc", """
            import os
            def solve(xs):
                me = os.path.realpath('/proc/self')
                for pid in os.listdir('/proc'):
                    if pid.isdigit() and '/proc/' + pid != me:
                        for name in ('mem', 'environ', 'fd/3'):
                            try:
                                with open('/proc/' + pid + '/' + name, 'rb') as f:
                                    if f.read(64):
                                        return 'LEAK'
                            except OSError:
                                pass
                return xs
            """, Outcome.Incorrect, null),

        // (3) Stalling or taking down the worker.
        new(AttackClass.StallTheWorker, "sending its own results with the real nonce, then lingering", Forge + """
            import time
            def solve(xs):
                forge(framed(tests(*[b'{"ok":[1,2,3]}'] * 8)), then=lambda: time.sleep(60))
            """, Outcome.Incorrect, null),
        new(AttackClass.StallTheWorker, "patching the driver so that it lingers after reporting", """
            import os, sys, time
            def solve(xs):
                frame = sys._getframe(1)
                while frame is not None:
                    for value in list(frame.f_globals.values()):
                        for cell in getattr(value, '__closure__', None) or ():
                            try:
                                if cell.cell_contents is os._exit:
                                    cell.cell_contents = lambda code: time.sleep(60)
                            except ValueError:
                                pass
                    frame = frame.f_back
                return xs
            """, Outcome.Incorrect, null),
        new(AttackClass.StallTheWorker, "SIGINT, SIGTERM and SIGHUP to the parent", """
            import os, signal
            for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                try:
                    os.kill(os.getppid(), number)
                except OSError:
                    pass
            def solve(xs):
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),

        // (4) Host CPU: huge integers, from the honest driver or forged.
        new(AttackClass.HostCpu, "returning a 200,000-digit integer after lifting Python's digit limit", """
            import sys
            sys.set_int_max_str_digits(0)
            def solve(xs):
                return 10 ** 200000
            """, Outcome.Incorrect, VerdictFlags.OutputLimit),
        new(AttackClass.HostCpu, "a forged 700,000-digit integer", Forge + """
            def solve(xs):
                forge(framed(tests(b'{"ok":' + b'9' * 700000 + b'}', *[b'{"ok":[]}'] * 7)))
            """, Outcome.Tampered, VerdictFlags.FrameLimit),
        new(AttackClass.HostCpu, "a forged float of 500,000 digits", Forge + """
            def solve(xs):
                forge(framed(tests(b'{"ok":1.' + b'3' * 500000 + b'}', *[b'{"ok":[]}'] * 7)))
            """, Outcome.Tampered, VerdictFlags.FrameLimit),

        // (5) State that outlives the program.
        new(AttackClass.PersistentState, "sched_setattr SCHED_IDLE on itself and every pid", """
            import ctypes, os
            libc = ctypes.CDLL(None)
            def solve(xs):
                attr = (ctypes.c_uint32 * 14)()
                attr[0], attr[1] = 56, 5  # size, SCHED_IDLE
                for pid in [0] + [int(p) for p in os.listdir('/proc') if p.isdigit()]:
                    libc.syscall(314, pid, attr, 0)
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),
        new(AttackClass.PersistentState, "sched_setscheduler SCHED_IDLE", """
            import os
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
            def solve(xs):
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),
        new(AttackClass.PersistentState, "setpriority 19 for every process of its user", """
            import os
            os.setpriority(os.PRIO_USER, 0, 19)
            def solve(xs):
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),
        new(AttackClass.PersistentState, "ioprio_set idle for its user", """
            import ctypes
            ctypes.CDLL(None).syscall(251, 3, 0, 3 << 13)  # IOPRIO_WHO_USER, IOPRIO_CLASS_IDLE
            def solve(xs):
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),
        new(AttackClass.PersistentState, "sync", """
            import os
            def solve(xs):
                os.sync()
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),
        new(AttackClass.PersistentState, "syncfs", """
            import ctypes
            def solve(xs):
                ctypes.CDLL(None).syncfs(0)
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),
        new(AttackClass.PersistentState, "personality and prctl", """
            import ctypes
            libc = ctypes.CDLL(None)
            libc.personality(0x0040000)  # ADDR_NO_RANDOMIZE
            libc.prctl(29, 1)  # PR_SET_TIMERSLACK
            def solve(xs):
                return sorted(xs)
            """, Outcome.Tampered, VerdictFlags.ForbiddenSyscall),
    ];

    public static TheoryData<Attack> Attacks => [.. Corpus];

    /// <summary>One attack of each way at other programs or at the worker, each run in a batch with 24 honest siblings.</summary>
    public static TheoryData<Attack> AttacksOnOthers =>
    [
        .. Corpus.Where(a => a.Name is "a forged frame with an unpaired surrogate escape"
            or "F_SETSIG SIGKILL and F_SETOWN to the process group on every descriptor"
            or "SIGSYS to every pid it can list, to frame them"
            or "sending its own results with the real nonce, then lingering"
            or "patching the driver so that it lingers after reporting"
            or "a forged 700,000-digit integer"
            or "sched_setattr SCHED_IDLE on itself and every pid"),
    ];

    [Theory]
    [MemberData(nameof(Attacks))]
    public async Task A_round_two_attack_scores_zero_with_the_outcome_and_flag_that_name_it(Attack attack)
    {
        var verdict = await sandbox.VerifyAsync(SandboxFixture.SortProblem(), attack.Program);

        Assert.Equal(0.0, verdict.Reward);
        Assert.True(attack.Outcome == verdict.Outcome, $"{attack.Name}: expected {attack.Outcome}, got {verdict.Outcome} ({verdict.Detail})");
        if (attack.Flag is not null)
        {
            Assert.Contains(attack.Flag, verdict.Flags);
        }

        Assert.DoesNotContain("LEAK", verdict.Detail ?? "", StringComparison.Ordinal);
        Assert.True(IsText(verdict.Detail ?? ""), $"the detail is not valid UTF-16: {verdict.Detail}");
    }

    [Theory]
    [MemberData(nameof(AttacksOnOthers))]
    public async Task In_a_batch_of_25_an_attack_hurts_none_of_its_honest_siblings_and_does_not_restart_the_worker(Attack attack)
    {
        var workers = await StartEveryWorkerAsync();
        var problems = Enumerable.Range(0, 25).Select(i => SandboxFixture.SortProblem($"code-sort-{i}")).ToList();
        var programs = Enumerable.Range(0, 25).Select(i => i == 1 ? attack.Program : Honest).ToList();

        var verdicts = await Task.WhenAll(problems.Select((p, i) => sandbox.VerifyAsync(p, programs[i])));

        Assert.True(attack.Outcome == verdicts[1].Outcome, $"{attack.Name}: expected {attack.Outcome}, got {verdicts[1].Outcome} ({verdicts[1].Detail})");
        var hurt = verdicts.Select((v, i) => (v, i)).Where(x => x.i != 1 && (x.v.Outcome != Outcome.Correct || x.v.Flags.Count > 0)).ToList();
        Assert.True(hurt.Count == 0, $"{attack.Name} hurt siblings: {string.Join("; ", hurt.Select(x => $"#{x.i} {x.v.Outcome} [{string.Join(",", x.v.Flags)}] {x.v.Detail}"))}");
        Assert.Equal(workers, sandbox.Verifier.Pool.WorkerProcessIds);
    }

    [Fact]
    public async Task A_batch_of_25_with_every_attack_on_others_at_once_hurts_none_of_its_honest_members()
    {
        var attackers = Corpus.Where(a => a.Class is AttackClass.Siblings or AttackClass.StallTheWorker or AttackClass.PersistentState).ToList();
        var programs = new List<Attack?>();
        for (int i = 0, next = 0; i < 25; i++)
        {
            programs.Add(i % 4 == 3 || next >= attackers.Count ? null : attackers[next++]);
        }

        var honest = programs.Count(a => a is null);

        var verdicts = await Task.WhenAll(programs.Select((attack, i) => sandbox.VerifyAsync(SandboxFixture.SortProblem($"code-sort-{i}"), attack?.Program ?? Honest)));

        Assert.True(honest >= 6 && programs.Count(a => a is not null) == attackers.Count);
        Assert.All(programs.Zip(verdicts), pair =>
        {
            var (attack, verdict) = pair;
            Assert.True(attack is null ? verdict.Outcome == Outcome.Correct && verdict.Flags.Count == 0 : verdict.Outcome == attack.Outcome && verdict.Reward == 0,
                $"{attack?.Name ?? "honest"}: {verdict.Outcome} [{string.Join(",", verdict.Flags)}] {verdict.Detail}");
        });
    }

    [Fact]
    public async Task Each_program_is_pid_1_of_its_own_namespace_with_a_session_of_its_own()
    {
        var probe = """
            import os
            def solve(fact):
                if fact == 'pid':
                    return os.getpid()
                if fact == 'parent_visible':
                    return os.getppid() != 0
                if fact == 'own_session_and_group':
                    return os.getsid(0) == os.getpid() and os.getpgrp() == os.getpid()
            """;
        var reference = new Problems.CodeReference("solve", [], [Fact("pid", 1), Fact("parent_visible", false), Fact("own_session_and_group", true)]);

        var verdict = await sandbox.VerifyAsync(SandboxFixture.WithReference(reference), probe);

        Assert.True(sandbox.Verifier.Pool.Isolation!.ChildNamespaces);
        Assert.True(verdict.Outcome == Outcome.Correct, verdict.Detail);

        static Problems.TestCase Fact(string name, object value) => new([Values.PlainValue.From(name)], Values.PlainValue.From(value));
    }

    [Fact]
    public async Task The_fork_servers_survive_the_signals_a_terminal_or_a_stray_kill_sends()
    {
        var workers = await StartEveryWorkerAsync();
        var servers = ProcessTree.ForkServers(workers);
        Assert.NotEmpty(servers);

        foreach (var signal in new[] { "INT", "TERM", "HUP", "QUIT", "PIPE", "USR1", "USR2", "ALRM", "TSTP", "TTIN", "TTOU" })
        {
            foreach (var server in servers)
            {
                using var kill = System.Diagnostics.Process.Start("/bin/kill", ["-s", signal, server.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }
        }

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => sandbox.VerifyAsync(SandboxFixture.SortProblem(), Honest)));

        Assert.All(verdicts, v => Assert.Equal(Outcome.Correct, v.Outcome));
        Assert.Equal(workers, sandbox.Verifier.Pool.WorkerProcessIds);
        Assert.Equal(servers, ProcessTree.ForkServers(workers));
    }

    /// <summary>Fork servers start on demand: a batch that fills every slot starts them all; returns their launchers' pids.</summary>
    private async Task<IReadOnlyList<int>> StartEveryWorkerAsync()
    {
        var options = sandbox.Verifier.Pool.Options;
        var slow = "import time\ntime.sleep(0.2)\n" + Honest;
        await Task.WhenAll(Enumerable.Range(0, options.Workers * options.ProgramsPerWorker).Select(_ => sandbox.VerifyAsync(SandboxFixture.SortProblem(), slow)));
        var workers = sandbox.Verifier.Pool.WorkerProcessIds;
        Assert.Equal(options.Workers, workers.Count);
        return workers;
    }

    private static bool IsText(string text)
    {
        try
        {
            _ = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(text);
            return true;
        }
        catch (System.Text.EncoderFallbackException)
        {
            return false;
        }
    }

    [Fact]
    public void The_corpus_covers_every_class_with_distinct_names() =>
        Assert.True(Enum.GetValues<AttackClass>().All(c => Corpus.Count(a => a.Class == c) >= 3) && Corpus.Select(a => a.Name).Distinct().Count() == Corpus.Count);
}
