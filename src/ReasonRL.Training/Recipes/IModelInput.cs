namespace ReasonRL.Training.Recipes;

/// <summary>
/// A stage that starts from an existing model: <see cref="From"/> names an earlier stage of the recipe (whose
/// final checkpoint it takes) or a checkpoint folder.
/// </summary>
public interface IModelInput
{
    string? From { get; }
}
