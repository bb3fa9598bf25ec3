using System.Text.Json;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Cli.Scoring;
using ReasonRL.Core.Evaluation;
using ReasonRL.Core.Json;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Text;

namespace ReasonRL.Cli.Verbs;

/// <summary><c>reasonrl eval</c>: pass@1, pass@k, maj@k, mean length and reflection rate of scored completions.</summary>
internal sealed class EvalVerb(TaskFamilyRegistry families, PluginFolders plugins, CliConsole console) : IVerb
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
            new("checkpoint", "online (not available yet in this build): the model to sample from", ValueName: "DIR"),
            new("problems", "online (not available yet in this build): problem records to evaluate on", ValueName: "FILE"),
            new("samples", "online (not available yet in this build): completions sampled per problem", ValueName: "K"),
        ],
        "Offline:  reasonrl eval --input scored.jsonl --k 8\n" +
        "A completion is correct when its verdict's outcome is \"correct\"; an \"error\" verdict counts as not correct and is\n" +
        "reported in the errors column. pass@1 and pass@k use all of a problem's completions (pass@k: the unbiased\n" +
        "estimator 1 - C(n-c,k)/C(n,k) of Chen et al. 2021) and are averaged over problems. maj@k votes over the answers\n" +
        "(content of the last <answer> tag, compared by value for arithmetic, ignoring case and spacing for ciphers) of\n" +
        "each problem's first k completions in file order; completions without an answer do not vote; a tie goes to the\n" +
        "answer that appeared first. Mean length is in characters; the reflection rate is the share of completions with a\n" +
        "self-verification phrase (case-insensitive, whole words).\n" +
        "Online evaluation from a checkpoint (--checkpoint DIR --problems FILE --samples K) is not available yet in this build.");

    public Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        if (arguments.String("input") is not { } input)
        {
            if (arguments.String("checkpoint") is not null || arguments.String("problems") is not null || arguments.String("samples") is not null)
            {
                throw new NotSupportedException("online evaluation is not available yet in this build; evaluate scored completions with --input FILE --k K");
            }

            throw new UsageException("missing option --input (scored completions, the output of 'reasonrl verify')", Spec);
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
        var report = EvaluationReport.Of([.. EvaluationInput.Read(input, k, families, reflection)], k);
        console.Out.Write(arguments.Flag("json") ? JsonSerializer.Serialize(report, RecordJson.Options) + "\n" : EvaluationTable.Write(report));
        return Task.FromResult(ReasonRLApp.Success);
    }
}
