using ReasonRL.Core.Tasks;

namespace ReasonRL.Core.Verification;

/// <summary>
/// The verifiers known to this process, by name: every family's own verifier (named after the family),
/// <c>correctness</c> (which hands each problem to its family's verifier), and standalone verifiers such as
/// <c>format</c>. Two verifiers with one name are refused.
/// </summary>
public sealed class VerifierRegistry
{
    /// <summary>The name of the verifier that dispatches each problem to its own family's verifier.</summary>
    public const string Correctness = "correctness";

    private readonly Dictionary<string, IVerifier> _verifiers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IVerifier> _byFamily = new(StringComparer.Ordinal);

    public VerifierRegistry(TaskFamilyRegistry families, IEnumerable<IVerifier> standalone)
    {
        Add(new FamilyDispatchVerifier(_byFamily));
        foreach (var family in families.All)
        {
            AddFamily(family);
        }

        foreach (var verifier in standalone)
        {
            Add(verifier);
        }
    }

    public IReadOnlyCollection<string> Names => [.. _verifiers.Keys.Order(StringComparer.Ordinal)];

    public void Add(IVerifier verifier)
    {
        if (!_verifiers.TryAdd(verifier.Name, verifier))
        {
            throw new InvalidOperationException($"two verifiers are named '{verifier.Name}'");
        }
    }

    /// <summary>
    /// Adds a family's verifier under the family's name and makes <c>correctness</c> dispatch the family's problems
    /// to it (for families loaded after start-up, e.g. from plugins).
    /// </summary>
    public void AddFamily(ITaskFamily family)
    {
        var verifier = family.CreateVerifier();
        if (verifier.Name != family.Name)
        {
            throw new InvalidOperationException($"task family '{family.Name}' made a verifier named '{verifier.Name}'; it must carry the family's name");
        }

        Add(verifier);
        _byFamily[family.Name] = verifier;
    }

    public bool Contains(string name) => _verifiers.ContainsKey(name);

    /// <summary>The verifier called <paramref name="name"/>; an unknown name is a user error listing the known ones.</summary>
    public IVerifier Get(string name) =>
        _verifiers.TryGetValue(name, out var verifier)
            ? verifier
            : throw new InputException($"unknown verifier '{name}'; known verifiers: {string.Join(", ", Names)}");
}
