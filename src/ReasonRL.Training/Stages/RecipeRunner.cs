using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ReasonRL.Core.Io;
using ReasonRL.Core.Json;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Runs;

namespace ReasonRL.Training.Stages;

/// <summary>
/// Runs a recipe's stages in order in one run folder, each in its own sub-folder, handing each stage the results
/// of the earlier ones, and writes <c>summary.json</c> (every stage's headline numbers, wall time, and the stages or
/// folders it read, so a report can follow an arm's lineage). Each result gets <c>compute/wall_seconds</c>; runners that
/// train or sample add <c>compute/tokens</c> and <c>compute/flops</c> (<see cref="ComputeMeter"/>).
/// </summary>
public sealed class RecipeRunner(IEnumerable<IStageRunner> runners, ILogger<RecipeRunner> logger)
{
    private readonly Dictionary<string, IStageRunner> _runners = runners.ToDictionary(r => r.Kind, StringComparer.Ordinal);

    /// <summary>Stage kinds this build can execute.</summary>
    public IReadOnlyCollection<string> AvailableKinds => _runners.Keys;

    /// <param name="shared">Results of stages run elsewhere (a sweep's common stages), which later stages may take <c>from:</c>.</param>
    /// <param name="firstStage">Index of the first stage to run here; the ones before it are in <paramref name="shared"/>.</param>
    public async Task<IReadOnlyList<StageResult>> RunAsync(
        Recipe recipe, RunFolder run, bool resume, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, StageResult>? shared = null, int firstStage = 0)
    {
        var missing = recipe.Stages.Select(s => s.Kind).Where(k => !_runners.ContainsKey(k)).Distinct().ToList();
        if (missing.Count > 0)
        {
            throw new NotSupportedException($"stage kind {string.Join(", ", missing.Select(k => $"'{k}'"))} is not available yet in this build");
        }

        var available = new Dictionary<string, StageResult>(shared ?? new Dictionary<string, StageResult>(), StringComparer.Ordinal);
        var results = new Dictionary<string, StageResult>(StringComparer.Ordinal);
        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        var inputs = recipe.Stages.ToDictionary(s => s.EffectiveName, s => (s.Kind, Inputs: StageInputs.Of(s).ToList()), StringComparer.Ordinal);
        var total = Stopwatch.StartNew();
        for (var i = firstStage; i < recipe.Stages.Count; i++)
        {
            var stage = recipe.Stages[i];
            logger.LogInformation("Stage {Index}/{Count}: {Kind} '{Name}'", i + 1, recipe.Stages.Count, stage.Kind, stage.EffectiveName);
            var clock = Stopwatch.StartNew();
            var folder = run.Child(stage.EffectiveName);
            if (resume && StageResultFile.Read(folder.Path) is { } finished)
            {
                logger.LogInformation("Stage '{Name}' already finished; keeping its result", stage.EffectiveName);
                results[stage.EffectiveName] = available[stage.EffectiveName] = finished;
                timings[stage.EffectiveName] = 0;
                continue;
            }

            var context = new StageContext(recipe, stage, run, folder, available, resume);
            var result = await _runners[stage.Kind].RunAsync(context, cancellationToken).ConfigureAwait(false);
            result = result with { Summary = new Dictionary<string, double>(result.Summary) { [ComputeMeter.WallSeconds] = clock.Elapsed.TotalSeconds } };
            StageResultFile.Write(folder.Path, result);
            results[stage.EffectiveName] = available[stage.EffectiveName] = result;
            timings[stage.EffectiveName] = clock.Elapsed.TotalSeconds;
            logger.LogInformation("Stage '{Name}' finished in {Seconds:F1} s", stage.EffectiveName, clock.Elapsed.TotalSeconds);
            WriteSummary(recipe, run, results, timings, total.Elapsed.TotalSeconds, inputs);
        }

        return [.. results.Values];
    }

    private static void WriteSummary(
        Recipe recipe, RunFolder run, Dictionary<string, StageResult> results, Dictionary<string, double> timings, double wallSeconds,
        Dictionary<string, (string Kind, List<string> Inputs)> inputs)
    {
        var summary = new
        {
            recipe = recipe.Name,
            seed = recipe.Seed,
            wall_seconds = wallSeconds,
            stages = results.Values.Select(r => new
            {
                name = r.Name,
                kind = inputs.TryGetValue(r.Name, out var stage) ? stage.Kind : null,
                checkpoint = r.Checkpoint is null ? null : Path.GetRelativePath(run.Path, r.Checkpoint),
                dataset = r.Dataset is null ? null : Path.GetRelativePath(run.Path, r.Dataset),
                inputs = inputs.TryGetValue(r.Name, out var read) ? read.Inputs : null,
                wall_seconds = timings[r.Name],
                summary = r.Summary,
            }),
        };
        AtomicFile.WriteAllText(run.Summary, JsonSerializer.Serialize(summary, RecordJson.Indented));
    }
}
