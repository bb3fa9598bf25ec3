namespace ReasonRL.Cluster;

/// <summary>
/// A worker process's rollout service, one per silo (keyed by the silo's address, see <see cref="NamedSiloPlacement"/>).
/// Units and results travel as the bytes of <see cref="RolloutWire"/>, so what crosses the network is one documented
/// format whose size is measured, not whatever the records happen to hold.
/// </summary>
[Alias("reasonrl.rollout-worker")]
public interface IRolloutWorkerGrain : IGrainWithStringKey
{
    /// <summary>Computes one unit: a <see cref="RolloutWorkRequest"/> in, a result out (both as <see cref="RolloutWire"/> bytes).</summary>
    [Alias("run")]
    Task<byte[]> RunAsync(byte[] request);
}
