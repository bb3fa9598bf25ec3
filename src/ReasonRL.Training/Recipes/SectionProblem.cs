namespace ReasonRL.Training.Recipes;

/// <summary>
/// One thing wrong with a recipe section found by a cross-field check, naming the key it concerns so the
/// loader can point at the right line.
/// </summary>
public sealed record SectionProblem(string Key, string Message);

/// <summary>A recipe section with checks that involve several fields (e.g. batch size divisible by group size).</summary>
public interface IValidatedSection
{
    IEnumerable<SectionProblem> Validate();
}
