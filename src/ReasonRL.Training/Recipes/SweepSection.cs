namespace ReasonRL.Training.Recipes;

/// <summary>Several variants of one recipe, each an arm that overrides a few keys (as <c>--set</c> would).</summary>
public sealed record SweepSection : IValidatedSection
{
    public IReadOnlyList<SweepArm> Arms { get; init; } = [];

    public IEnumerable<SectionProblem> Validate()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var arm in Arms)
        {
            if (!names.Add(arm.Name))
            {
                yield return new SectionProblem("arms", $"two arms are named '{arm.Name}'");
            }
        }
    }
}

/// <summary>One arm of a sweep: a name and the keys it changes (<c>grpo.kl_beta: 0</c>).</summary>
public sealed record SweepArm
{
    public required string Name { get; init; }

    /// <summary>Overrides in <c>--set</c> syntax: dotted key path to value.</summary>
    public IReadOnlyDictionary<string, string> Set { get; init; } = new Dictionary<string, string>();
}
