namespace ReasonRL.Training.Recipes;

/// <summary>
/// A stage that starts from an existing model: <see cref="From"/> names an earlier stage of the recipe (whose
/// final checkpoint it takes) or a checkpoint folder.
/// </summary>
public interface IModelInput
{
    string? From { get; }
}

/// <summary>
/// A stage that reads models besides its <c>from:</c> (e.g. a grpo stage's process reward model), each named like
/// <c>from:</c> by an earlier stage's name or a checkpoint folder, so the loader can check the references.
/// </summary>
public interface IExtraModelInputs
{
    /// <summary>The recipe key (dotted, within the stage) and the stage name or folder it names.</summary>
    IEnumerable<(string Key, string Reference)> ExtraModels { get; }
}
