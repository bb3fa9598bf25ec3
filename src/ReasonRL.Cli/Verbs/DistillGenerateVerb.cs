using Microsoft.Extensions.Logging;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Cli.Progress;
using ReasonRL.Core.Distillation;
using ReasonRL.Core.Json;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Model.Prompts;
using ReasonRL.Training.Distillation;

namespace ReasonRL.Cli.Verbs;

/// <summary><c>reasonrl distill generate</c>: a distillation dataset from a teacher (<see cref="DistillDataGenerator"/>), its statistics printed at the end.</summary>
internal sealed class DistillGenerateVerb(
    TaskFamilyRegistry families, VerifierRegistry verifiers, PluginFolders plugins, ProgressReporter progressReporter, CliConsole console,
    ILogger<DistillGenerateVerb> logger) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["distill", "generate"],
        "Build a distillation dataset: sample from a teacher, verify, keep by rule, write TRL prompt/completion JSONL",
        [],
        [
            new("teacher", "teacher checkpoint folder", ValueName: "DIR", Required: true),
            new("problems", "problem records to prompt the teacher with (ids must be unique)", ValueName: "FILE", Required: true),
            new("samples", "completions sampled per problem (N)", ValueName: "N", Required: true),
            new("keep", "which verified completions to keep: all_correct, best_of_n or first_correct", ValueName: "RULE", Default: "all_correct", Values: SnakeCase.NamesOf(typeof(KeepRule))),
            new("out", "dataset file (default: the problems file's name with .distill.jsonl); statistics go beside it", ValueName: "FILE"),
            new("temperature", "sampling temperature", ValueName: "T", Default: "1.0"),
            new("top-p", "nucleus sampling threshold (1 = off)", ValueName: "P", Default: "1.0"),
            new("top-k", "keep only the K most likely tokens (0 = off)", ValueName: "K", Default: "0"),
            new("max-new-tokens", "longest completion", ValueName: "N", Default: "256"),
            new("seed", "sampling seed; sample s of a problem is seeded by (seed, problem id, s)", ValueName: "S", Default: "1"),
            new("resume", "continue an interrupted run from the chunks it finished (same settings required)", OptionArity.Flag),
            PromptOptions.Spec,
            .. ComputeOptions.Specs,
            PluginFolders.Option,
        ],
        "Example: reasonrl distill generate --teacher runs/distill/teacher/final --problems train.jsonl --samples 8 --keep best_of_n --out distill.jsonl\n" +
        "Each problem is shown in the chat template; completions stop at the first </answer> and are verified by the problem's\n" +
        "family verifier (the correctness verifier). Keep rules: all_correct keeps every correct completion; best_of_n keeps the\n" +
        "highest-reward completion if it is correct (ties: the shorter, then the earlier sample); first_correct keeps the first\n" +
        "correct one. Correct completions equal after whitespace normalisation are kept once.\n" +
        "Files: FILE (one {\"prompt\", \"completion\", \"id\", \"reward\", \"teacher\", \"teacher_sha256\", \"sampling\"} a line: TRL's\n" +
        "prompt/completion format, the prompt templated exactly as the teacher saw it), FILE.problems.jsonl (per problem: samples,\n" +
        "correct, answers, kept samples) and FILE.stats.json (acceptance by family and difficulty, lengths, diversity).\n" +
        "Problems go in chunks; each finished chunk is saved in FILE.parts/, so a killed run continues with --resume, and FILE\n" +
        "only appears once complete. Progress and ETA go to standard error; the statistics table to standard output.");

    public async Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        plugins.LoadFrom(arguments);
        var problemsPath = arguments.RequiredString("problems");
        var seed = arguments.Long("seed")!.Value;
        if (seed < 0)
        {
            throw new UsageException("--seed must not be negative", Spec);
        }

        var request = new DistillDataRequest
        {
            Teacher = arguments.RequiredString("teacher"),
            Problems = [],
            Samples = arguments.Int("samples")!.Value,
            Keep = arguments.Enum<KeepRule>("keep")!.Value,
            Temperature = arguments.Double("temperature")!.Value,
            TopP = arguments.Double("top-p")!.Value,
            TopK = arguments.Int("top-k")!.Value,
            MaxNewTokens = arguments.Int("max-new-tokens")!.Value,
            Seed = (ulong)seed,
            Out = arguments.String("out") ?? DefaultOut(problemsPath),
            Resume = arguments.Flag("resume"),
            Compute = ComputeOptions.From(arguments),
            Prompts = arguments.Enum<PromptTemplate>("prompt-template") is { } template ? new PromptFormat(template) : null,
        };
        if (request.SettingErrors().ToList() is { Count: > 0 } errors)
        {
            throw new UsageException(string.Join("; ", errors), Spec);
        }

        request = request with { Problems = [.. ProblemJson.ReadFile(problemsPath)] };
        var generator = new DistillDataGenerator(families, verifiers.Get(VerifierRegistry.Correctness), logger);
        DistillDataResult result;
        using (var progress = progressReporter.Start("Teacher sampling", request.Problems.Count, "problems"))
        {
            result = await generator.RunAsync(request, cancellationToken, progress).ConfigureAwait(false);
        }

        logger.LogInformation("Wrote {Dataset} ({Kept} records), {Problems} and {Stats}", result.Dataset, result.Statistics.Kept, result.ProblemsFile, result.StatsFile);
        await console.Out.WriteAsync(StatisticsTable.Write(result.Statistics)).ConfigureAwait(false);
        return ReasonRLApp.Success;
    }

    private static string DefaultOut(string problemsPath) =>
        Path.Combine(Path.GetDirectoryName(problemsPath) ?? "", Path.GetFileNameWithoutExtension(problemsPath) + ".distill.jsonl");
}
