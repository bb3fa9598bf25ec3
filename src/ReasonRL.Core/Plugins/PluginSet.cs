using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;

namespace ReasonRL.Core.Plugins;

/// <summary>The task families and standalone verifiers found in a plugin folder.</summary>
public sealed record PluginSet(IReadOnlyList<ITaskFamily> Families, IReadOnlyList<IVerifier> Verifiers)
{
    public static PluginSet Empty { get; } = new([], []);

    /// <summary>Registers everything in the set; a name that is already taken fails as an <see cref="InputException"/>.</summary>
    public void AddTo(TaskFamilyRegistry families, VerifierRegistry verifiers)
    {
        foreach (var family in Families)
        {
            if (families.Contains(family.Name) || verifiers.Contains(family.Name))
            {
                throw new InputException($"plugin task family '{family.Name}': that name is already taken");
            }

            families.Add(family);
            verifiers.AddFamily(family);
        }

        foreach (var verifier in Verifiers)
        {
            if (verifiers.Contains(verifier.Name))
            {
                throw new InputException($"plugin verifier '{verifier.Name}': that name is already taken");
            }

            verifiers.Add(verifier);
        }
    }
}
