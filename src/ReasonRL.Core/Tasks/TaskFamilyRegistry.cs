namespace ReasonRL.Core.Tasks;

/// <summary>The task families known to this process, by name. Two families with one name are refused.</summary>
public sealed class TaskFamilyRegistry
{
    private readonly Dictionary<string, ITaskFamily> _families = new(StringComparer.Ordinal);

    public TaskFamilyRegistry(IEnumerable<ITaskFamily> families)
    {
        foreach (var family in families)
        {
            Add(family);
        }
    }

    public IReadOnlyCollection<string> Names => [.. _families.Keys.Order(StringComparer.Ordinal)];

    public IEnumerable<ITaskFamily> All => _families.Values;

    public void Add(ITaskFamily family)
    {
        if (!_families.TryAdd(family.Name, family))
        {
            throw new InvalidOperationException($"two task families are named '{family.Name}'");
        }
    }

    public bool Contains(string name) => _families.ContainsKey(name);

    /// <summary>
    /// The family called <paramref name="name"/>, bound to <paramref name="dataset"/> when one is given (only a family
    /// that reads files, such as <c>dataset</c>, takes one). Unknown names and misplaced files are user errors.
    /// </summary>
    public ITaskFamily Get(string name, DatasetSpec? dataset)
    {
        var family = Get(name);
        return dataset is null
            ? family
            : family is IDatasetFamily files
                ? files.Open(dataset)
                : throw new InputException($"task family '{name}' generates its problems and takes no dataset file; use family 'dataset' for {dataset.Path}");
    }

    /// <summary>The family called <paramref name="name"/>; an unknown name is a user error listing the known ones.</summary>
    public ITaskFamily Get(string name) =>
        _families.TryGetValue(name, out var family)
            ? family
            : throw new InputException($"unknown task family '{name}'; known families: {string.Join(", ", Names)}");
}
