using Microsoft.Extensions.Logging;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Verification;
using ReasonRL.Verifiers.Code.Problems;
using ReasonRL.Verifiers.Code.Sandbox;
using ReasonRL.Verifiers.Code.Verification;

namespace ReasonRL.Verifiers.Code;

/// <summary>
/// The <c>code</c> verifier: extracts the program from the answer, runs it in the sandbox on the inputs of every
/// visible and hidden test (in an order fixed by the problem id, visible and hidden interleaved), and judges the
/// returned values on the host (see <see cref="RunJudge"/>), rewarding the tests its <see cref="CodeVerifierOptions.Kind"/>
/// names. A program that compares its arguments with a visible example's and returns that example's answer is
/// flagged <c>special_casing</c> (<see cref="SpecialCasingDetector"/>). Thread-safe: trainers call it for a whole batch at
/// once and the sandbox pool runs the programs in parallel.
/// </summary>
/// <remarks>
/// Deterministic for a given completion, except where the machine decides: a program near its time limit may
/// time out on a busier machine. A sandbox failure is <see cref="Outcome.Error"/> (retried by the pool first).
/// </remarks>
public sealed class CodeVerifier : IVerifier, IAsyncDisposable, IDisposable
{
    public const string FamilyName = "code";

    /// <summary>Longer programs are not run (the sandbox's request frame has a bounded size).</summary>
    public const int MaxProgramChars = 1_000_000;
    private readonly SandboxPool _pool;
    private readonly bool _ownsPool;
    private readonly CodeVerifierOptions _options;

    /// <summary>A verifier with its own sandbox pool, ended when the verifier is disposed.</summary>
    public CodeVerifier(CodeVerifierOptions? options = null, ILogger? logger = null)
        : this(new SandboxPool((options ?? new CodeVerifierOptions()).Sandbox, logger), ownsPool: true, options ?? new CodeVerifierOptions())
    {
    }

    /// <summary>A verifier on a shared pool (the task family's), which it does not dispose.</summary>
    internal CodeVerifier(SandboxPool pool, bool ownsPool, CodeVerifierOptions options)
    {
        _pool = pool;
        _ownsPool = ownsPool;
        _options = options;
    }

    /// <summary><c>code</c>, <c>code_visible</c> or <c>code_gap</c>, after <see cref="CodeVerifierOptions.Kind"/>.</summary>
    public string Name => _options.Kind.Name();

    public SandboxPool Pool => _pool;

    /// <summary>Programs wait on sandbox workers, not on this process's cores: keep every worker's queue fed.</summary>
    public int Concurrency => 256;

    public async ValueTask<Verdict> VerifyAsync(Problem problem, string completion, CancellationToken cancellationToken)
    {
        var answer = CodeExtraction.Answer(completion);
        if (answer is null)
        {
            return Verdict.BadFormat("no <answer>...</answer> in the completion");
        }

        var program = CodeExtraction.Program(answer);
        if (program.Length == 0)
        {
            return Verdict.BadFormat("the answer holds no program");
        }

        if (program.Length > MaxProgramChars)
        {
            return Verdict.BadFormat($"the program is longer than {MaxProgramChars} characters");
        }

        CodeReference reference;
        try
        {
            reference = CodeReference.Read(problem.Reference);
        }
        catch (FormatException e)
        {
            return Verdict.Error($"problem {problem.Id}: {e.Message}");
        }

        var schedule = Schedule(problem.Id, reference);
        var request = new SandboxRequest(program, reference.EntryPoint, [.. schedule.Select(t => t.Test.Args)]);
        RunReport report;
        try
        {
            report = await _pool.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (SandboxUnavailableException e)
        {
            return Verdict.Error($"sandbox unavailable: {e.Message}");
        }

        var verdict = RunJudge.Judge(schedule, report, _options);
        return SpecialCasingDetector.SpecialCases(program, reference.VisibleTests)
            ? verdict with { Flags = [.. verdict.Flags, VerdictFlags.SpecialCasing] }
            : verdict;
    }

    /// <summary>
    /// Every test, visible and hidden, shuffled by a generator seeded from the problem id: the same order on every
    /// run, and no fixed position at which a program could count calls to recognise the visible examples.
    /// </summary>
    public static IReadOnlyList<ScheduledTest> Schedule(string problemId, CodeReference reference)
    {
        var tests = reference.VisibleTests.Select((t, i) => new ScheduledTest(false, i + 1, t))
            .Concat(reference.HiddenTests.Select((t, i) => new ScheduledTest(true, i + 1, t)))
            .ToList();
        new DeterministicRandom(SeedMixer.Mix(0xC0DEUL, problemId)).Shuffle(tests);
        return tests;
    }

    public ValueTask DisposeAsync() => _ownsPool ? _pool.DisposeAsync() : ValueTask.CompletedTask;

    public void Dispose()
    {
        if (_ownsPool)
        {
            _pool.Dispose();
        }
    }
}
