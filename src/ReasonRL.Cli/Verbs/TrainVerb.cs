using Microsoft.Extensions.Logging;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Cli.Hosting;
using ReasonRL.Cli.Recipes;
using ReasonRL.Core;
using ReasonRL.Core.Io;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Reports;
using ReasonRL.Training.Runs;
using ReasonRL.Training.Stages;

namespace ReasonRL.Cli.Verbs;

internal sealed class TrainVerb(RecipeRunner runner, RunLogSink runLog, CliConsole console, ILogger<TrainVerb> logger) : IVerb
{
    public static VerbSpec Spec { get; } = new(
        ["train"],
        "Run a recipe: its stages in order, in the run folder runs/<name>/",
        [new("RECIPE", "recipe file (YAML); see recipes/")],
        [
            new("set", "override a key, e.g. --set grpo.kl_beta=0 or --set seed=2", OptionArity.Multiple, "KEY=VALUE"),
            new("resume", "continue the run in its existing folder from the last checkpoint", OptionArity.Flag),
            new("force", "delete an existing run folder of the same name and start over", OptionArity.Flag),
            new("sweep", "run every arm of the recipe's sweep (runs/<name>/<arm>/) instead of the base recipe", OptionArity.Flag),
            new("validate", "check the recipe and print it resolved, without running it", OptionArity.Flag),
        ],
        "A recipe names the run, a seed, and its stages (pretrain, sft, grpo, prm, distill, eval, report).\n" +
        "Unknown keys and bad values are reported with file, line and the allowed keys or values.\n" +
        "The fully resolved recipe is written to runs/<name>/recipe.resolved.yaml.");

    public async Task<int> RunAsync(ParsedArguments arguments, CancellationToken cancellationToken)
    {
        var path = arguments.RequiredArgument("RECIPE");
        var overrides = arguments.All("set");
        var resume = arguments.Flag("resume");
        if (resume && arguments.Flag("force"))
        {
            throw new UsageException("--resume and --force contradict each other", Spec);
        }

        var mode = resume ? RunFolderMode.Resume : arguments.Flag("force") ? RunFolderMode.Force : RunFolderMode.New;
        var recipe = RecipeLoader.Load(path, overrides);
        var arms = arguments.Flag("sweep") ? RecipeLoader.LoadArms(path, overrides) : [];
        if (arguments.Flag("sweep") && arms.Count == 0)
        {
            throw new InputException($"{path}: --sweep given, but the recipe has no 'sweep:' arms");
        }

        if (arguments.Flag("validate"))
        {
            console.Out.Write(RecipeYaml.Write(recipe));
            foreach (var (arm, armRecipe) in arms)
            {
                console.Out.WriteLine($"# arm {arm.Name}");
                console.Out.Write(RecipeYaml.Write(armRecipe));
            }

            return ReasonRLApp.Success;
        }

        var run = RunFolder.Open(recipe.RunsDir, recipe.Name, mode);
        runLog.Open(run.Log);
        AtomicFile.WriteAllText(run.ResolvedRecipe, RecipeYaml.Write(recipe));
        logger.LogInformation("Run {Name} in {Folder}", recipe.Name, run.Path);
        if (arms.Count == 0)
        {
            await runner.RunAsync(recipe, run, resume, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Stages every arm runs identically (e.g. pretraining the base) run once, in the run folder itself.
            var common = CommonStages([.. arms.Select(a => a.Recipe)]);
            var shared = new Dictionary<string, StageResult>(StringComparer.Ordinal);
            if (common > 0)
            {
                logger.LogInformation("Sweep: {Count} stage(s) shared by every arm", common);
                var prefix = arms[0].Recipe with { Stages = [.. arms[0].Recipe.Stages.Take(common)] };
                foreach (var result in await runner.RunAsync(prefix, run, resume, cancellationToken).ConfigureAwait(false))
                {
                    shared[result.Name] = result;
                }
            }

            foreach (var (arm, armRecipe) in arms)
            {
                logger.LogInformation("Sweep arm {Arm}", arm.Name);
                var armFolder = run.Child(arm.Name);
                AtomicFile.WriteAllText(armFolder.ResolvedRecipe, RecipeYaml.Write(armRecipe));
                await runner.RunAsync(armRecipe, armFolder, resume, cancellationToken, shared, common).ConfigureAwait(false);
            }

            logger.LogInformation("Sweep report (arms overlaid): {Report}", RunReport.Write(run.Path));
        }

        logger.LogInformation("Run {Name} finished: {Folder}", recipe.Name, run.Path);
        return ReasonRLApp.Success;
    }

    /// <summary>How many leading stages are the same in every arm: same settings and same effective seed.</summary>
    internal static int CommonStages(IReadOnlyList<Recipe> arms)
    {
        string Key(Recipe recipe, int i) => $"{recipe.Stages[i].Seed ?? recipe.Seed}\n{RecipeYaml.Write(recipe.Stages[i])}";
        var count = 0;
        while (arms.All(a => a.Stages.Count > count) && arms.All(a => Key(a, count) == Key(arms[0], count)))
        {
            count++;
        }

        return count;
    }
}
