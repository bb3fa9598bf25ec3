using System.Diagnostics;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Verifiers.Code.Problems;

namespace ReasonRL.Verifiers.Code.Benchmarks;

/// <summary>What <see cref="SandboxThroughput"/> measured.</summary>
/// <param name="StartSeconds">From creating the verifier to its first fork server saying hello.</param>
/// <param name="ProgramsPerSecond">Honest programs verified per second, one value per timed batch, in order.</param>
/// <param name="HostCpuMillisecondsPerProgram">This process's CPU time per program over the timed batches (the sandboxes' own time is not in it).</param>
public sealed record SandboxThroughputReport(
    int BatchSize,
    string Isolation,
    int Workers,
    int ProgramsPerWorker,
    double StartSeconds,
    IReadOnlyList<double> ProgramsPerSecond,
    double HostCpuMillisecondsPerProgram)
{
    public double Best => ProgramsPerSecond.Max();

    public double Median => ProgramsPerSecond.Order().ElementAt(ProgramsPerSecond.Count / 2);
}

/// <summary>
/// The code verifier's fast path: batches of honest programs (the catalog's reference solutions to generated problems,
/// every one of which must come back correct) verified concurrently, as a trainer does for a step's completions.
/// </summary>
public static class SandboxThroughput
{
    public static async Task<SandboxThroughputReport> MeasureAsync(
        int batchSize, int batches, Action<string> progress, CancellationToken cancellationToken, CodeVerifierOptions? options = null)
    {
        options ??= new CodeVerifierOptions();
        var problems = CodeProblemGenerator.Generate(new GenerationRequest(Seed: 17, Count: batchSize)).ToList();
        var completions = problems
            .Select((p, i) => CodeSolutionRenderer.Render(p, SolutionStyle.Direct, SolutionOptions.Default, (ulong)i))
            .ToList();

        var started = Stopwatch.StartNew();
        await using var verifier = new CodeVerifier(options);
        var isolation = await verifier.Pool.StartAsync(cancellationToken).ConfigureAwait(false);
        var startSeconds = started.Elapsed.TotalSeconds;

        progress($"Verifier throughput: a warm-up batch of {batchSize} honest programs ({isolation})");
        await RunBatchAsync(verifier, problems, completions, cancellationToken).ConfigureAwait(false);

        var rates = new List<double>();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var batch = 0; batch < batches; batch++)
        {
            progress($"Verifier throughput: batch {batch + 1}/{batches}");
            var watch = Stopwatch.StartNew();
            await RunBatchAsync(verifier, problems, completions, cancellationToken).ConfigureAwait(false);
            rates.Add(batchSize / watch.Elapsed.TotalSeconds);
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / (batchSize * (double)batches);
        var sandbox = options.Sandbox;
        return new SandboxThroughputReport(batchSize, isolation.ToString(), sandbox.Workers, sandbox.ProgramsPerWorker, startSeconds, rates, cpu);
    }

    private static async Task RunBatchAsync(CodeVerifier verifier, List<Problem> problems, List<string> completions, CancellationToken cancellationToken)
    {
        var verdicts = await Task.WhenAll(problems.Select((p, i) => verifier.VerifyAsync(p, completions[i], cancellationToken).AsTask())).ConfigureAwait(false);
        var wrong = verdicts.Select((v, i) => (v, i)).FirstOrDefault(x => x.v.Outcome != Outcome.Correct);
        if (wrong.v is not null)
        {
            throw new InvalidOperationException($"an honest program of the benchmark was judged {wrong.v.Outcome} ({problems[wrong.i].Id}: {wrong.v.Detail})");
        }
    }
}
