using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace ReasonRL.Cluster;

/// <summary>
/// Places a grain on the silo its key names (<see cref="SiloAddress.ToParsableString"/>), so the trainer addresses
/// each worker process on its own: one unit at a time per worker, and a unit handed to a lost worker is known lost.
/// A key naming no live silo is refused, never placed elsewhere.
/// </summary>
[GenerateSerializer, Immutable, Alias("reasonrl.named-silo")]
public sealed class NamedSiloPlacement : PlacementStrategy
{
    internal static NamedSiloPlacement Instance { get; } = new();
}

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NamedSiloPlacementAttribute() : PlacementAttribute(NamedSiloPlacement.Instance);

internal sealed class NamedSiloPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        var silo = context.GetCompatibleSilos(target).FirstOrDefault(s => s.ToParsableString() == key);
        return silo is not null
            ? Task.FromResult(silo)
            : throw new OrleansException($"no live worker at {key}");
    }
}
