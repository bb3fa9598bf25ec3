using System.Globalization;
using Microsoft.Extensions.Logging;
using ReasonRL.Core.Io;
using ReasonRL.Core.Randomness;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Tokenization;
using ReasonRL.Training.Checkpoints;
using ReasonRL.Training.Corpus;
using ReasonRL.Training.Llc;
using ReasonRL.Training.Metrics;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Supervised;

namespace ReasonRL.Training.Stages;

/// <summary>
/// The <c>llc</c> stage: λ̂ at every checkpoint of an earlier stage (<see cref="LlcStage"/>). Each checkpoint's
/// estimate, traces and plot go to <c>step-NNNNNN/</c>; <c>metrics.jsonl</c> holds one row per checkpoint with λ̂,
/// its standard error and cost, beside the trained stage's own numbers at that step (held-out pass@1, completion
/// length, KL, reward), so the report draws the LLC curve next to them.
/// </summary>
public sealed class LlcRunner(TaskFamilyRegistry families, ILogger<LlcRunner> logger) : IStageRunner
{
    /// <summary>The trained stage's metrics copied beside λ̂.</summary>
    private static readonly string[] Beside =
    [
        MetricNames.Eval("pass@1"), MetricNames.Eval("mean_length"), MetricNames.CompletionsMeanLength, MetricNames.Kl, MetricNames.Reward,
    ];

    public string Kind => "llc";

    public Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        var stage = (LlcStage)context.Stage;
        var checkpoints = Checkpoints(context, stage.From!);
        var prompts = context.Prompts(TextTokenizer.Load(checkpoints[0].Path), checkpoints[0].Path); // one tokenizer for all of a stage's checkpoints
        var data = Data(stage.Data, context.Recipe.Seed, prompts);
        var trained = context.Earlier.ContainsKey(stage.From!) ? ReadMetrics(Path.Combine(context.Run.Path, stage.From!)) : [];
        logger.LogInformation(
            "{Stage}: LLC of {Count} checkpoints of {From} on {Examples} examples; {Chains} chains × ({BurnIn} + {Draws}) steps, ε = {StepSize}, γ = {Localization}",
            stage.EffectiveName, checkpoints.Count, stage.From, data.Count, stage.Sampler.Chains, stage.Sampler.BurnIn, stage.Sampler.Draws, stage.Sampler.StepSize, stage.Sampler.Localization);

        var rows = new List<string>();
        var results = new List<LlcResult>();
        foreach (var (step, path) in checkpoints)
        {
            using var loaded = Checkpoint.Load(path, context.Recipe.Compute);
            var loss = new CompletionLoss(loaded.Model, prompts, data);
            var result = SgldSampler.Estimate(loss, stage.Sampler, context.Seed, cancellationToken: cancellationToken);
            LlcFiles.Write(context.Folder.Combine($"step-{step:D6}"), result, path, stage.Data.File ?? "generated (see the recipe)");
            results.Add(result);
            var row = new Dictionary<string, double>
            {
                ["llc"] = result.Summary.Mean,
                ["llc/std_error"] = result.Summary.StandardError,
                ["llc/init_loss"] = result.Summary.InitLoss,
                ["llc/seconds"] = result.Seconds,
                ["llc/warnings"] = result.Warnings.Count,
            };
            foreach (var metric in Beside)
            {
                if (trained.TryGetValue((step, metric), out var value))
                {
                    row[metric] = value;
                }
            }

            rows.Add(MetricsWriter.Line(step, row));
            logger.LogInformation(
                "{Stage}: step {Step}: λ̂ = {Llc:F2} ± {Error:F2}, L_n(w*) = {InitLoss:F4} ({Seconds:F0} s){Warnings}",
                stage.EffectiveName, step, result.Summary.Mean, result.Summary.StandardError, result.Summary.InitLoss, result.Seconds,
                result.Warnings.Count == 0 ? "" : $"; {string.Join("; ", result.Warnings.Select(w => $"chain {w.Chain} {w.Problem}: {w.Detail}"))}");
        }

        AtomicFile.WriteAllText(Path.Combine(context.Folder.Path, "metrics.jsonl"), string.Concat(rows.Select(r => r + "\n")));
        var summary = new Dictionary<string, double>
        {
            ["llc/first"] = results[0].Summary.Mean,
            ["llc/last"] = results[^1].Summary.Mean,
            ["llc/checkpoints"] = results.Count,
            ["llc/seconds_per_checkpoint"] = results.Average(r => r.Seconds),
        };
        return Task.FromResult(new StageResult(stage.EffectiveName, null, summary));
    }

    /// <summary>The same examples for every checkpoint: the file, or held-out problems rendered with reference solutions.</summary>
    private List<SftExample> Data(LlcDataSection section, ulong runSeed, PromptBuilder prompts)
    {
        if (section.File is { } file)
        {
            return [.. LlcData.Read(file, prompts)];
        }

        var corpus = new CorpusBuilder(families, section.AsCorpus());
        return [.. corpus.Stream(SeedMixer.Mix(runSeed, "llc-data"), 0, Split.Test).Take(section.Count).Select(d => new SftExample(prompts.Text(d.Question), d.Completion))];
    }

    /// <summary>
    /// (step, folder) of every model of the stage named <paramref name="from"/>: the model it started from as step 0,
    /// its kept checkpoints, and its final model (under the step it ended at, unless a checkpoint of that step exists).
    /// A folder instead of a stage name is one checkpoint, step 0.
    /// </summary>
    private static List<(int Step, string Path)> Checkpoints(StageContext context, string from)
    {
        if (!context.Earlier.TryGetValue(from, out var result))
        {
            return [(0, from)];
        }

        var models = new SortedDictionary<int, string>();
        if (context.Recipe.Stages.FirstOrDefault(s => s.EffectiveName == from) is IModelInput { From: { } start })
        {
            models[0] = context.ResolveModel(start);
        }

        var kept = new StageCheckpoints(Path.Combine(context.Run.Path, from)).Folder;
        if (Directory.Exists(kept))
        {
            foreach (var folder in Directory.EnumerateDirectories(kept, "step-*"))
            {
                if (int.TryParse(Path.GetFileName(folder)["step-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var step))
                {
                    models[step] = folder;
                }
            }
        }

        if (result.Checkpoint is { } final)
        {
            var stateFile = Path.Combine(final, StageCheckpoints.StateFile);
            var step = File.Exists(stateFile) ? TrainerState.FromJson(File.ReadAllText(stateFile)).Step : models.Keys.DefaultIfEmpty(0).Max() + 1;
            models.TryAdd(step, final);
        }

        return [.. models.Select(kv => (kv.Key, kv.Value))];
    }

    /// <summary>The trained stage's metrics by (step, name); a later row of the same step wins.</summary>
    private static Dictionary<(int Step, string Metric), double> ReadMetrics(string stageFolder)
    {
        var path = Path.Combine(stageFolder, "metrics.jsonl");
        var values = new Dictionary<(int, string), double>();
        if (!File.Exists(path))
        {
            return values;
        }

        foreach (var row in MetricsFile.Read(path))
        {
            if (row.TryGetValue(MetricNames.Step, out var step))
            {
                foreach (var (metric, value) in row)
                {
                    values[((int)step, metric)] = value;
                }
            }
        }

        return values;
    }
}
