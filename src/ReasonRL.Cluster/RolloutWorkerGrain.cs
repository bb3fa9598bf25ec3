namespace ReasonRL.Cluster;

/// <summary>
/// The rollout service of one worker process, placed on the silo its key names. Grain turns run one at a time, so a
/// worker computes one unit at a time with all its threads; the computation itself runs off Orleans's scheduler.
/// </summary>
[NamedSiloPlacement]
[CollectionAgeLimit(AlwaysActive = true)]
internal sealed class RolloutWorkerGrain(RolloutWorkerService service) : Grain, IRolloutWorkerGrain
{
    public async Task<byte[]> RunAsync(byte[] request)
    {
        var decoded = RolloutWire.DecodeRequest(request);
        var response = await Task.Run(() => service.RunAsync(decoded, CancellationToken.None)).ConfigureAwait(true);
        return RolloutWire.Encode(response);
    }
}
