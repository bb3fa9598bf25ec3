using ReasonRL.Core;
using ReasonRL.Model;
using ReasonRL.Model.Checkpoints;

namespace ReasonRL.Cluster;

/// <summary>
/// A worker's copy of the policy: the weights of the latest version it was asked for, loaded from the published
/// folder after checking the file's SHA-256 against the one the trainer sent, and kept until a unit names another.
/// </summary>
public sealed class PolicyReplica : IDisposable
{
    private readonly Lock _lock = new();
    private LoadedCheckpoint? _loaded;
    private string? _sha256;

    /// <summary>The replica for weights <paramref name="sha256"/> in <paramref name="folder"/>, loading it if it is not the one held.</summary>
    /// <exception cref="InputException">The folder's weights are not the ones named (a wrong or half-synced version).</exception>
    public LoadedCheckpoint For(string folder, string sha256, ModelCompute compute)
    {
        lock (_lock)
        {
            if (_loaded is not null && _sha256 == sha256)
            {
                return _loaded;
            }

            var file = Path.Combine(folder, Checkpoint.WeightsFile);
            var found = File.Exists(file) ? WeightsPublisher.Sha256Of(file) : "no file";
            if (found != sha256)
            {
                throw new InputException($"{file}: weights SHA-256 {found}, but the unit's policy version has {sha256}");
            }

            _loaded?.Dispose();
            _loaded = null;
            _loaded = Checkpoint.Load(folder, compute);
            _sha256 = sha256;
            return _loaded;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _loaded?.Dispose();
            _loaded = null;
        }
    }
}
