using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using ReasonRL.Model.Checkpoints;
using ReasonRL.Model.Tokenization;
using ReasonRL.Model.Transformer;

namespace ReasonRL.Cluster;

/// <summary>A published policy version: its checkpoint folder and the SHA-256 of its weights file.</summary>
public sealed record PublishedWeights(int Version, string Folder, string Sha256, long Bytes);

/// <summary>
/// Publishes the policy's weights once per version as a checkpoint folder (config, safetensors, tokenizer) in a folder
/// the workers can read, written atomically, so a worker never loads half a file. A shared folder rather than bytes
/// streamed through the cluster: workers load it with the same code as any checkpoint, a model of hundreds of MB stays
/// out of Orleans messages, and on one machine it costs one write. Keeps the last two versions.
/// </summary>
public sealed class WeightsPublisher(string folder)
{
    private const int Kept = 2;
    private readonly List<PublishedWeights> _published = [];

    public PublishedWeights? Latest => _published.Count == 0 ? null : _published[^1];

    /// <summary>Publishes <paramref name="version"/> unless it is the latest published; returns it and the seconds spent (0 when already there).</summary>
    public (PublishedWeights Weights, double Seconds) Publish(int version, TransformerModel policy, TextTokenizer tokenizer)
    {
        if (Latest is { } latest && latest.Version == version)
        {
            return (latest, 0);
        }

        var clock = Stopwatch.StartNew();
        var path = Path.Combine(folder, $"v{version.ToString("D6", CultureInfo.InvariantCulture)}");
        Checkpoint.Save(path, policy, tokenizer);
        var weightsFile = Path.Combine(path, Checkpoint.WeightsFile);
        var published = new PublishedWeights(version, path, Sha256Of(weightsFile), new FileInfo(weightsFile).Length);
        _published.Add(published);
        while (_published.Count > Kept)
        {
            Directory.Delete(_published[0].Folder, recursive: true);
            _published.RemoveAt(0);
        }

        return (published, clock.Elapsed.TotalSeconds);
    }

    public static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
