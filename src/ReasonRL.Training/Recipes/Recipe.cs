using ReasonRL.Model;
using ReasonRL.Model.Prompts;

namespace ReasonRL.Training.Recipes;

/// <summary>
/// One experiment, run by one command (<c>reasonrl train RECIPE.yaml</c>): a run name, a seed, and stages run
/// in order, each taking its model from a checkpoint or from an earlier stage by name.
/// </summary>
public sealed record Recipe : IValidatedSection
{
    /// <summary>The run's name: its folder is <c>{runs_dir}/{name}</c>.</summary>
    public required string Name { get; init; }

    /// <summary>What the experiment shows, for the report.</summary>
    public string? Description { get; init; }

    /// <summary>The run seed; every random draw of every stage derives from it.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Folder that holds run folders.</summary>
    public string RunsDir { get; init; } = "runs";

    /// <summary>
    /// Where every model of the run computes and in which dtype (<c>device: cpu | cuda | cuda:N</c>,
    /// <c>dtype: float32 | bfloat16</c>): the models every stage loads or creates, with their caches, batches, losses
    /// and optimizer state.
    /// </summary>
    public ModelCompute Compute { get; init; } = ModelCompute.Default;

    /// <summary>
    /// How every stage shows a problem to its model (<c>r1</c> | <c>chat</c> | <c>raw</c>): R1's plain template for a
    /// base model (R1-Zero), the checkpoint tokenizer's own chat template for an instruction-tuned one, or the question
    /// as it is. Sampling, SFT, evaluation, PRM data and distillation all build prompts this way, and each checkpoint
    /// the run writes records it for <c>sample</c>, <c>score</c> and <c>eval</c>.
    /// </summary>
    public PromptTemplate PromptTemplate { get; init; } = PromptTemplate.R1;

    /// <summary>With <c>prompt_template: chat</c>, a system message before each question; none by default.</summary>
    public string? SystemPrompt { get; init; }

    /// <summary>The prompt format of <see cref="PromptTemplate"/> and <see cref="SystemPrompt"/>.</summary>
    public PromptFormat Prompts => new(PromptTemplate, SystemPrompt);

    /// <summary>The stages, in the order they run.</summary>
    public IReadOnlyList<StageSection> Stages { get; init; } = [];

    /// <summary>Arms that differ from this recipe in a few keys; run with <c>--sweep</c>.</summary>
    public SweepSection? Sweep { get; init; }

    public IEnumerable<SectionProblem> Validate()
    {
        if (Stages.Count == 0)
        {
            yield return new SectionProblem("stages", "a recipe needs at least one stage");
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.IndexOfAny(['/', '\\', ' ']) >= 0 || Name is "." or "..")
        {
            yield return new SectionProblem("name", $"'{Name}' cannot name a run folder: use letters, digits, '-' or '_'");
        }

        foreach (var (field, message) in Compute.Problems())
        {
            yield return new SectionProblem($"compute.{field}", message);
        }

        if (SystemPrompt is not null && PromptTemplate != PromptTemplate.Chat)
        {
            yield return new SectionProblem("system_prompt", "only prompt_template: chat has a system message");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stage in Stages)
        {
            if (!seen.Add(stage.EffectiveName))
            {
                yield return new SectionProblem("stages", $"two stages are named '{stage.EffectiveName}'; give one a distinct 'name:'");
            }
        }
    }
}
