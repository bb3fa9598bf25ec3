using ReasonRL.Core.Randomness;
using ReasonRL.Model.Prompts;
using ReasonRL.Model.Tokenization;
using ReasonRL.Training.Recipes;
using ReasonRL.Training.Runs;

namespace ReasonRL.Training.Stages;

/// <summary>Runs one kind of recipe stage (<c>pretrain</c>, <c>grpo</c>, ...).</summary>
public interface IStageRunner
{
    /// <summary>The stage kind this runner executes, as in <see cref="StageKindAttribute"/>.</summary>
    string Kind { get; }

    Task<StageResult> RunAsync(StageContext context, CancellationToken cancellationToken);
}

/// <summary>Everything a stage needs: its settings, its folder, and what earlier stages produced.</summary>
/// <param name="Recipe">The whole recipe (for the run seed and name).</param>
/// <param name="Stage">This stage's settings.</param>
/// <param name="Run">The run folder.</param>
/// <param name="Folder">This stage's own sub-folder of the run folder.</param>
/// <param name="Earlier">Results of the stages that already ran, by stage name.</param>
/// <param name="Resume">Continue from the stage's last checkpoint if it has one.</param>
public sealed record StageContext(
    Recipe Recipe,
    StageSection Stage,
    RunFolder Run,
    RunFolder Folder,
    IReadOnlyDictionary<string, StageResult> Earlier,
    bool Resume)
{
    /// <summary>The seed of this stage's random draws: its own <c>seed:</c> or the run seed, mixed with its name.</summary>
    public ulong Seed => SeedMixer.Mix(Stage.Seed ?? Recipe.Seed, Stage.EffectiveName);

    /// <summary>
    /// The checkpoint a stage with <c>from:</c> starts from: the final checkpoint of the earlier stage of that
    /// name, or the folder itself.
    /// </summary>
    public string ResolveModel(string from) =>
        Earlier.TryGetValue(from, out var result)
            ? result.Checkpoint ?? throw new InvalidOperationException($"stage '{from}' produced no checkpoint")
            : from;

    /// <summary>How this run's prompts are built for a model whose tokenizer came from the checkpoint folder <paramref name="model"/>.</summary>
    public PromptBuilder Prompts(TextTokenizer tokenizer, string model) => PromptBuilder.For(tokenizer, Recipe.Prompts, model);

    /// <summary>The dataset file the earlier stage named <paramref name="from"/> wrote (e.g. a <c>distill_data</c> stage).</summary>
    public string ResolveDataset(string from) =>
        Earlier.TryGetValue(from, out var result)
            ? result.Dataset ?? throw new InvalidOperationException($"stage '{from}' wrote no dataset")
            : throw new InvalidOperationException($"no earlier stage '{from}'");
}

/// <summary>What a stage leaves for later stages and for the run summary.</summary>
/// <param name="Name">The stage's name.</param>
/// <param name="Checkpoint">Its final model checkpoint folder, if it trains a model.</param>
/// <param name="Summary">Headline numbers (e.g. <c>eval_loss</c>, <c>pass@1</c>, <c>compute/flops</c>), copied into <c>summary.json</c>.</param>
public sealed record StageResult(string Name, string? Checkpoint, IReadOnlyDictionary<string, double> Summary)
{
    /// <summary>The dataset file the stage wrote, if it writes one (a <c>distill_data</c> stage); later stages read it with <c>data: {from: NAME}</c>.</summary>
    public string? Dataset { get; init; }
}
