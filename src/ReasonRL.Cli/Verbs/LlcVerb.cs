using System.Globalization;
using Microsoft.Extensions.Logging;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Cli.Progress;
using ReasonRL.Core.Llc;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Prompts;
using ReasonRL.Training.Llc;

namespace ReasonRL.Cli.Verbs;

/// <summary>
/// <c>reasonrl llc</c>: the local learning coefficient of a checkpoint on a data file (see <see cref="SgldSampler"/>),
/// with its standard error over chains, the chains' loss traces and warnings about chains to distrust.
/// </summary>
internal sealed class LlcVerb(ProgressReporter progressReporter, CliConsole console, ILogger<LlcVerb> logger) : IVerb
{
    private static readonly SgldSection Defaults = new();

    public static VerbSpec Spec { get; } = new(
        ["llc"],
        "Local learning coefficient of a checkpoint (SGLD; singular learning theory's effective dimension)",
        [],
        [
            new("checkpoint", "checkpoint folder", ValueName: "DIR", Required: true),
            new("data", "JSON Lines: problems with a \"completion\" (tasks generate --with-solution) or prompt/completion pairs", ValueName: "FILE", Required: true),
            new("seed", "sampler seed; the same seed gives the same estimate", ValueName: "S", Default: "1"),
            new("step-size", "SGLD step size ε", ValueName: "EPS", Default: Invariant(Defaults.StepSize)),
            new("localization", "strength γ of the pull back to the checkpoint's weights", ValueName: "GAMMA", Default: Invariant(Defaults.Localization)),
            new("n-beta", "nβ, inverse temperature times n (default: n / log n, n = completion tokens)", ValueName: "X"),
            new("chains", "independent SGLD chains", ValueName: "N", Default: Invariant(Defaults.Chains)),
            new("burn-in", "steps per chain discarded before averaging", ValueName: "N", Default: Invariant(Defaults.BurnIn)),
            new("draws", "steps per chain averaged into the estimate", ValueName: "N", Default: Invariant(Defaults.Draws)),
            new("batch-size", "examples per SGLD minibatch", ValueName: "M", Default: Invariant(Defaults.BatchSize)),
            new("out", "folder for llc.json, traces.csv and traces.png", ValueName: "DIR"),
            new("json", "print llc.json instead of a sentence", OptionArity.Flag),
            .. ComputeOptions.Specs,
        ],
        "Prints λ̂ = nβ (E_w[L_n(w)] − L_n(w*)) (Lau et al., arXiv 2308.12108), the mean over chains ± its standard error.\n" +
        "L_n is the checkpoint's mean next-token loss on the completion tokens of --data (prompts get R1's template when\n" +
        "the lines are problem records). Tuning: the traces should rise from L_n(w*) and level off within the burn-in;\n" +
        "still rising at the end, raise --step-size or --burn-in; jumping, diverging or negative, lower --step-size or\n" +
        "raise --localization. Estimates are comparable across checkpoints only with the same data and settings.\n" +
        "Example:  reasonrl tasks generate digits --count 64 --seed 3 --split test --with-solution steps --out held-out.jsonl\n" +
        "          reasonrl llc --checkpoint data/checkpoints/base-arith-small --data held-out.jsonl --out llc-base");

    public Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        var sampler = new SgldSection
        {
            StepSize = arguments.Double("step-size")!.Value,
            Localization = arguments.Double("localization")!.Value,
            NBeta = arguments.Double("n-beta"),
            Chains = arguments.Int("chains")!.Value,
            BurnIn = arguments.Int("burn-in")!.Value,
            Draws = arguments.Int("draws")!.Value,
            BatchSize = arguments.Int("batch-size")!.Value,
        };
        var problems = sampler.Validate().ToList();
        var seed = arguments.Long("seed")!.Value;
        if (problems.Count > 0 || seed < 0)
        {
            var message = seed < 0 ? "--seed must be at least 0" : string.Join("; ", problems.Select(p => $"--{p.Key.Replace('_', '-')}: {p.Message}"));
            throw new UsageException(message, Spec);
        }

        var compute = ComputeOptions.From(arguments);
        var checkpoint = arguments.RequiredString("checkpoint");
        var dataPath = arguments.RequiredString("data");
        using var loaded = Checkpoint.Load(checkpoint, compute);
        var prompts = PromptBuilder.For(loaded.Tokenizer, PromptFormat.Read(checkpoint), checkpoint);
        var loss = new CompletionLoss(loaded.Model, prompts, LlcData.Read(dataPath, prompts));
        logger.LogInformation(
            "Estimating the LLC of {Checkpoint} on {Examples} examples ({Tokens} completion tokens): {Chains} chains × ({BurnIn} + {Draws}) steps, ε = {StepSize}, γ = {Localization}",
            checkpoint, loss.Count, loss.Terms, sampler.Chains, sampler.BurnIn, sampler.Draws, sampler.StepSize, sampler.Localization);
        var steps = sampler.BurnIn + sampler.Draws;
        LlcResult result;
        using (var progress = progressReporter.Start("SGLD", (long)sampler.Chains * steps, "steps"))
        {
            result = SgldSampler.Estimate(loss, sampler, (ulong)seed, (chain, done) => progress.Report(((long)chain * steps) + done), cancellationToken);
        }

        if (arguments.String("out") is { } folder)
        {
            LlcFiles.Write(folder, result, checkpoint, dataPath);
            logger.LogInformation("Wrote {Summary}, {Traces} and {Plot} to {Folder}", LlcFiles.SummaryFile, LlcFiles.TracesFile, LlcFiles.PlotFile, folder);
        }

        foreach (var warning in result.Warnings)
        {
            logger.LogWarning("Chain {Chain} {Problem}: {Detail}; {Advice}", warning.Chain, warning.Problem, warning.Detail, ChainDiagnostics.Advice(warning.Problem));
        }

        if (arguments.Flag("json"))
        {
            console.Out.WriteLine(LlcFiles.Summary(result, checkpoint, dataPath).ToJsonString());
        }
        else
        {
            var s = result.Summary;
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"λ̂ = {s.Mean:F3} ± {s.StandardError:F3} (standard error over {s.PerChain.Count} chains; per chain {string.Join(", ", s.PerChain.Select(v => v.ToString("F3", CultureInfo.InvariantCulture)))}); L_n(w*) = {s.InitLoss:F4}, nβ = {s.NBeta:F1}, {result.Seconds:F1} s"));
        }

        return Task.FromResult(ReasonRLApp.Success);
    }

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
