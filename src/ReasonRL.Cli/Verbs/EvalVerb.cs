using System.Text.Json;
using Microsoft.Extensions.Logging;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Cli.Progress;
using ReasonRL.Cli.Scoring;
using ReasonRL.Core;
using ReasonRL.Core.Evaluation;
using ReasonRL.Core.Io;
using ReasonRL.Core.Json;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Sampling;
using ReasonRL.Core.Prm;
using ReasonRL.Training.Evaluation;
using ReasonRL.Training.Grpo;
using ReasonRL.Training.Recipes;

namespace ReasonRL.Cli.Verbs;

/// <summary><c>reasonrl eval</c>: pass@1, pass@k, maj@k, mean length and reflection rate of scored completions.</summary>
internal sealed class EvalVerb(
    TaskFamilyRegistry families, VerifierRegistry verifiers, PluginFolders plugins, ProgressReporter progressReporter, CliConsole console, ILogger<EvalVerb> logger) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["eval"],
        "Evaluate scored completions: pass@1, pass@k, maj@k, mean length and reflection rate, by family and difficulty",
        [],
        [
            new("input", "offline: scored completions (the output of 'reasonrl verify'), grouped by problem id", ValueName: "FILE"),
            new("k", "k of pass@k and maj@k; every problem needs at least k completions", ValueName: "K"),
            new("json", "print one JSON object instead of a table", OptionArity.Flag),
            new("reflection-phrase", "a self-verification phrase for the reflection rate (replaces the defaults: wait, let me check, recheck, ...)", OptionArity.Multiple, "TEXT"),
            PluginFolders.Option,
            new("checkpoint", "online: the model to sample from", ValueName: "DIR"),
            new("problems", "online: problem records to evaluate on (e.g. from 'reasonrl tasks generate --split test')", ValueName: "FILE"),
            new("samples", "online: completions sampled per problem (also the k of pass@k and maj@k unless --k is given)", ValueName: "K"),
            new("temperature", "online: sampling temperature", ValueName: "T", Default: "1.0"),
            new("max-new-tokens", "online: longest completion", ValueName: "N", Default: "256"),
            new("seed", "online: sampling seed", ValueName: "S", Default: "1"),
            new("out", "online: write the scored completions here, so 'eval --input FILE' reproduces the numbers", ValueName: "FILE"),
            new("test-time", "also the test-time compute curve: pass@k, maj@k (and best-of-k with --prm) at k = 1, 2, 4, ... up to the samples per problem", OptionArity.Flag),
            new("ks", "with --test-time: the sample budgets, e.g. 1,2,4,8,16,32,64 (each at most the samples per problem)", ValueName: "K,K,..."),
            new("prm", "online, with --test-time: a process reward model (a prm stage's final checkpoint) that picks best-of-k by its solution score", ValueName: "DIR"),
            new("prm-aggregation", "with --prm: how step probabilities make the solution score: min or product", ValueName: "AGG", Default: "min"),
            PromptOptions.Spec,
            .. ComputeOptions.Specs,
        ],
        "Offline:  reasonrl eval --input scored.jsonl --k 8\n" +
        "Online:   reasonrl eval --checkpoint runs/x/base/final --problems test.jsonl --samples 8 --out scored.jsonl\n" +
        "A completion is correct when its verdict's outcome is \"correct\"; an \"error\" verdict counts as not correct and is\n" +
        "reported in the errors column. pass@1 and pass@k use all of a problem's completions (pass@k: the unbiased\n" +
        "estimator 1 - C(n-c,k)/C(n,k) of Chen et al. 2021) and are averaged over problems. maj@k votes over the answers\n" +
        "(content of the last <answer> tag, compared by value for arithmetic, ignoring case and spacing for ciphers) of\n" +
        "each problem's first k completions in file order; completions without an answer do not vote; a tie goes to the\n" +
        "answer that appeared first. Mean length is in characters; the reflection rate is the share of completions with a\n" +
        "self-verification phrase (case-insensitive, whole words). Online, each problem is shown in the chat template,\n" +
        "completions stop at the first </answer>, and each is scored by the problem's family verifier.\n" +
        "--test-time: from the n samples per problem, the expected accuracy over random k-subsets at each k: pass@k, maj@k\n" +
        "(a tie between the top answers counts as a fair coin) and, with --prm, best-of-k (the sample the PRM scores highest).");

    public Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        if (arguments.String("input") is not { } input)
        {
            if (arguments.String("checkpoint") is not null || arguments.String("problems") is not null || arguments.String("samples") is not null)
            {
                return RunOnlineAsync(arguments, cancellationToken);
            }

            throw new UsageException("give --input FILE --k K (offline) or --checkpoint DIR --problems FILE --samples K (online)", Spec);
        }

        var k = arguments.Int("k") ?? throw new UsageException("missing option --k", Spec);
        if (k < 1)
        {
            throw new UsageException("--k must be at least 1", Spec);
        }

        plugins.LoadFrom(arguments);
        var phrases = arguments.All("reflection-phrase");
        if (phrases.Any(string.IsNullOrWhiteSpace))
        {
            throw new UsageException("--reflection-phrase must not be blank", Spec);
        }

        var reflection = phrases.Count == 0 ? ReflectionDetector.Default : new ReflectionDetector(phrases);
        if (arguments.String("prm") is not null)
        {
            throw new UsageException("--prm needs the online evaluation (--checkpoint DIR --problems FILE --samples K), which keeps the completions' tokens", Spec);
        }

        var report = EvaluationReport.Of([.. EvaluationInput.Read(input, k, families, reflection)], k);
        var curve = arguments.Flag("test-time") ? Curve(arguments, TestTimeInput.Read(input, families)) : null;
        Write(arguments, report, curve);
        return Task.FromResult(ReasonRLApp.Success);
    }

    private async Task<int> RunOnlineAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        var samples = arguments.Int("samples") ?? throw new UsageException("missing option --samples", Spec);
        var k = arguments.Int("k") ?? samples;
        if (samples < 1 || k < 1 || k > samples)
        {
            throw new UsageException($"need 1 <= --k <= --samples, got --k {k} --samples {samples}", Spec);
        }

        plugins.LoadFrom(arguments);
        var options = new SamplingOptions
        {
            Temperature = arguments.Double("temperature") ?? 1.0,
            MaxNewTokens = arguments.Int("max-new-tokens") ?? 256,
            StopStrings = HeldOutEvaluation.StopStrings,
        };
        if (options.Problems().ToList() is { Count: > 0 } problemsWithOptions)
        {
            throw new UsageException(string.Join("; ", problemsWithOptions), Spec);
        }

        var problemsPath = arguments.RequiredString("problems");
        var problems = ProblemJson.ReadFile(problemsPath).ToList();
        foreach (var unknown in problems.Select(p => p.Family).Distinct().Where(f => !families.Contains(f)))
        {
            throw new InputException($"{problemsPath}: problems of family '{unknown}', which no verifier knows; known families: {string.Join(", ", families.Names)}");
        }

        var folder = arguments.RequiredString("checkpoint");
        using var loaded = Checkpoint.Load(folder, ComputeOptions.From(arguments));
        var prompts = PromptOptions.From(arguments, folder, loaded.Tokenizer);
        var phrases = arguments.All("reflection-phrase");
        var reflection = phrases.Count == 0 ? ReflectionDetector.Default : new ReflectionDetector(phrases);
        var evaluator = new OnlineEvaluator(families, verifiers.Get(VerifierRegistry.Correctness), reflection);
        logger.LogInformation("Evaluating {Problems} problems x {Samples} samples", problems.Count, samples);
        using var progress = progressReporter.Start("Sampling", (long)problems.Count * samples, "completions");
        var run = await evaluator.RunAsync(
            loaded.Model, prompts, problems, samples, options, (ulong)(arguments.Long("seed") ?? 1), cancellationToken, progress).ConfigureAwait(false);
        var report = k == samples ? run.Report : evaluator.Report(run.Completions, k);
        if (arguments.String("out") is { } output)
        {
            AtomicFile.Write(output, stream =>
            {
                using var writer = new StreamWriter(stream, leaveOpen: true);
                foreach (var completion in run.Completions)
                {
                    writer.WriteLine(completion.ToJsonLine());
                }
            });
        }

        IReadOnlyList<ScalingPoint>? curve = null;
        if (arguments.Flag("test-time"))
        {
            using var prm = arguments.String("prm") is { } prmFolder ? ProcessRewardCheckpoint.Load(prmFolder, ComputeOptions.From(arguments)) : null;
            if (prm is not null && !prm.Tokenizer.SameAs(loaded.Tokenizer))
            {
                throw new InputException($"{arguments.String("prm")}: the process reward model's tokenizer differs from the checkpoint's; it must read the same tokens");
            }

            prm?.Model.eval();
            var aggregation = SnakeCase.TryParseEnum<ScoreAggregation>(arguments.String("prm-aggregation") ?? "min", out var parsed)
                ? parsed
                : throw new UsageException($"--prm-aggregation: expected one of: {string.Join(", ", SnakeCase.NamesOf(typeof(ScoreAggregation)))}", Spec);
            var scorer = prm is null ? null : PrmStepRewards.For(prm, loaded.Tokenizer, new ProcessRewardSection { Aggregation = aggregation });
            var ks = Ks(arguments, samples);
            curve = TestTimeCurve.Of(
                run.Completions, families, ks, scorer, problem => prompts.Ids(problem.Prompt), TestTimeScaling.DefaultDraws, (ulong)(arguments.Long("seed") ?? 1));
        }
        else if (arguments.String("prm") is not null || arguments.String("ks") is not null)
        {
            throw new UsageException("--prm and --ks go with --test-time", Spec);
        }

        Write(arguments, report, curve);
        return ReasonRLApp.Success;
    }

    private void Write(ParsedArguments arguments, EvaluationReport report, IReadOnlyList<ScalingPoint>? curve)
    {
        if (arguments.Flag("json"))
        {
            var node = JsonSerializer.SerializeToNode(report, RecordJson.Options)!.AsObject();
            if (curve is not null)
            {
                node["test_time"] = JsonSerializer.SerializeToNode(curve, RecordJson.Options);
            }

            console.Out.Write(node.ToJsonString(RecordJson.Options) + "\n");
            return;
        }

        console.Out.Write(EvaluationTable.Write(report) + (curve is null ? "" : TestTimeTable.Write(curve)));
    }

    private static IReadOnlyList<ScalingPoint> Curve(ParsedArguments arguments, IReadOnlyList<ProblemSamples> problems)
    {
        var fewest = problems.Min(p => p.Correct.Count);
        return TestTimeScaling.Curve(problems, Ks(arguments, fewest), (ulong)(arguments.Long("seed") ?? 1));
    }

    /// <summary>--ks, each at least 1 and at most <paramref name="samples"/>; without it 1, 2, 4, … up to <paramref name="samples"/>.</summary>
    private static IReadOnlyList<int> Ks(ParsedArguments arguments, int samples)
    {
        if (arguments.String("ks") is not { } text)
        {
            return TestTimeScaling.DefaultKs(samples);
        }

        var ks = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var k) || k < 1)
            {
                throw new UsageException($"--ks: '{part}' is not a positive whole number", Spec);
            }

            if (k > samples)
            {
                throw new UsageException($"--ks: k = {k} needs {k} samples per problem; there are {samples}", Spec);
            }

            ks.Add(k);
        }

        return [.. ks.Distinct().Order()];
    }
}
