namespace ReasonRL.Training.Recipes;

/// <summary>
/// Where a stage's problems come from: generated from task families (training problems from the train split,
/// evaluation problems from the held-out split), or read from a JSON Lines file of problem records.
/// </summary>
public sealed record ProblemsSection : IValidatedSection
{
    /// <summary>A file of problem records (as written by <c>reasonrl tasks generate</c>); when set, <see cref="Families"/> is not used.</summary>
    public string? File { get; init; }

    /// <summary>Families, weights and difficulty levels to generate problems from.</summary>
    public IReadOnlyList<FamilyMix> Families { get; init; } = [new FamilyMix { Family = "arithmetic" }];

    /// <summary>For a fixed set (evaluation, datasets): how many problems; 0 with a file means all of it.</summary>
    public int Count { get; init; } = 200;

    public IEnumerable<SectionProblem> Validate()
    {
        if (File is null && (Families.Count == 0 || Families.Sum(f => f.Weight) <= 0 || Families.Any(f => f.Weight < 0)))
        {
            yield return new("families", "list at least one family with a positive weight (or give a file)");
        }

        if (Count < 0 || (File is null && Count == 0))
        {
            yield return new("count", $"must be positive, got {Count}");
        }

        if (File is not null && !System.IO.File.Exists(File))
        {
            yield return new("file", $"{File}: no such file");
        }
    }
}
