using System.Text.Json;
using ReasonRL.Core;
using static TorchSharp.torch;

namespace ReasonRL.Model.Checkpoints;

/// <summary>
/// The weights of a checkpoint folder as transformers writes them: one <c>model.safetensors</c>, or shards listed by
/// <c>model.safetensors.index.json</c> (<c>{"weight_map": {tensor name: shard file}}</c>). Tensors may be F32, BF16 or
/// F16, mixed; each is converted to the dtype and device of the parameter it fills.
/// </summary>
/// <remarks>
/// Loading reads tensor by tensor straight into the parameters: a tensor already in the parameter's dtype on the CPU
/// is read into the parameter's own memory, any other goes through a scratch buffer of at most
/// <see cref="ChunkElements"/> elements. So a model never exists twice in memory, whatever its size.
/// </remarks>
public sealed class WeightFiles
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    /// <summary>Largest scratch buffer of a converting read, in elements (64 MiB of float32).</summary>
    public const long ChunkElements = 16L << 20;

    private static readonly HashSet<ScalarType> WeightDtypes = [ScalarType.Float32, ScalarType.BFloat16, ScalarType.Float16];

    private readonly Dictionary<string, (string Path, long DataStart, SafeTensorsEntry Entry)> _entries;

    private WeightFiles(Dictionary<string, (string, long, SafeTensorsEntry)> entries, string description)
    {
        _entries = entries;
        Description = description;
    }

    /// <summary>The file (or index) the weights come from, for messages.</summary>
    public string Description { get; }

    public IReadOnlyDictionary<string, SafeTensorsEntry> Entries => _entries.ToDictionary(e => e.Key, e => e.Value.Entry, StringComparer.Ordinal);

    /// <summary>Whether <paramref name="directory"/> has weights in either layout.</summary>
    public static bool Exist(string directory) =>
        File.Exists(Path.Combine(directory, SingleFile)) || File.Exists(Path.Combine(directory, IndexFile));

    /// <summary>The weights of a folder: its single file if there is one, else its index and shards.</summary>
    public static WeightFiles Find(string directory)
    {
        var single = Path.Combine(directory, SingleFile);
        if (File.Exists(single))
        {
            return Single(single);
        }

        var index = Path.Combine(directory, IndexFile);
        return File.Exists(index)
            ? Sharded(index)
            : throw new InputException($"{directory}: no weights ({SingleFile} or {IndexFile})");
    }

    public static WeightFiles Single(string path)
    {
        var (entries, dataStart) = SafeTensors.ReadLayout(path);
        return new WeightFiles(entries.Values.ToDictionary(e => e.Name, e => (path, dataStart, e), StringComparer.Ordinal), path);
    }

    /// <summary>Shards named by an index file; a shard that is missing, or a name the index and the shards disagree on, is an error.</summary>
    public static WeightFiles Sharded(string indexPath)
    {
        Dictionary<string, string> weightMap;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(indexPath));
            if (!document.RootElement.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object
                || map.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
            {
                throw new InputException($"{indexPath}: field 'weight_map': expected an object of tensor name → shard file");
            }

            weightMap = map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        }
        catch (JsonException e)
        {
            throw new InputException($"{indexPath}: not valid JSON ({e.Message})");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(indexPath))!;
        var problems = new List<string>();
        var entries = new Dictionary<string, (string, long, SafeTensorsEntry)>(StringComparer.Ordinal);
        foreach (var shard in weightMap.Values.Distinct().Order(StringComparer.Ordinal))
        {
            var path = Path.Combine(folder, shard);
            if (shard.Contains('/', StringComparison.Ordinal) || shard.Contains('\\', StringComparison.Ordinal) || !File.Exists(path))
            {
                problems.Add($"shard '{shard}' is missing");
                continue;
            }

            var (shardEntries, dataStart) = SafeTensors.ReadLayout(path);
            foreach (var entry in shardEntries.Values)
            {
                if (!weightMap.TryGetValue(entry.Name, out var listed) || listed != shard)
                {
                    problems.Add($"tensor '{entry.Name}' is in shard '{shard}' but the index says {(listed is null ? "nothing of it" : $"'{listed}'")}");
                }
                else
                {
                    entries[entry.Name] = (path, dataStart, entry);
                }
            }
        }

        problems.AddRange(weightMap.Where(m => !entries.ContainsKey(m.Key) && File.Exists(Path.Combine(folder, m.Value)))
            .Select(m => $"tensor '{m.Key}' is listed for shard '{m.Value}' but is not in it"));
        return problems.Count == 0 ? new WeightFiles(entries, indexPath) : throw new InputException($"{indexPath}: {string.Join("; ", problems)}");
    }

    /// <summary>
    /// Fills <paramref name="expected"/> (live parameters, any device and dtype) after checking that the files hold
    /// exactly those names, with their shapes, in a floating-point dtype; every difference is reported in one
    /// <see cref="InputException"/> saying the weights do not match <paramref name="expectedBy"/>.
    /// </summary>
    /// <param name="ignored">Names the files may hold that are not loaded (e.g. <c>lm_head.weight</c> of a tied model).</param>
    public void LoadInto(IReadOnlyDictionary<string, Tensor> expected, string expectedBy, Func<string, bool>? ignored = null)
    {
        var found = _entries.Where(e => ignored is null || !ignored(e.Key)).ToDictionary(e => e.Key, e => e.Value.Entry, StringComparer.Ordinal);
        var problems = Compare(expected, found, dtype: null);
        if (problems.Count > 0)
        {
            throw new InputException($"{Description} does not match {expectedBy}: {string.Join("; ", problems)}");
        }

        using var guard = no_grad();
        foreach (var group in found.Keys.Select(n => (Name: n, Source: _entries[n])).GroupBy(e => e.Source.Path))
        {
            using var stream = new FileStream(group.Key, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            foreach (var (name, (_, dataStart, entry)) in group.OrderBy(e => e.Source.Entry.Begin))
            {
                stream.Position = dataStart + entry.Begin;
                ReadInto(stream, entry, expected[name]);
            }
        }
    }

    /// <summary>
    /// Every difference between the tensors a model needs and those a file holds, in name order; a null
    /// <paramref name="dtype"/> accepts any of F32, BF16 and F16.
    /// </summary>
    public static List<string> Compare(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, SafeTensorsEntry> found, ScalarType? dtype)
    {
        var problems = new List<string>();
        foreach (var name in expected.Keys.Union(found.Keys).Order(StringComparer.Ordinal))
        {
            var shape = expected.TryGetValue(name, out var tensor) ? $"[{string.Join(", ", tensor.shape)}]" : null;
            if (!found.TryGetValue(name, out var entry))
            {
                problems.Add($"missing tensor '{name}' ({SafeTensorsDtype.NameOf(dtype ?? tensor!.dtype)} {shape})");
            }
            else if (tensor is null)
            {
                problems.Add($"unexpected tensor '{name}' ({entry.DtypeName} {entry.ShapeText})");
            }
            else
            {
                if (!entry.Shape.SequenceEqual(tensor.shape))
                {
                    problems.Add($"tensor '{name}' has shape {entry.ShapeText}, expected {shape}");
                }

                if (dtype is { } required ? entry.Dtype != required : !WeightDtypes.Contains(entry.Dtype))
                {
                    problems.Add($"tensor '{name}' has dtype {entry.DtypeName}, expected {(dtype is { } d ? SafeTensorsDtype.NameOf(d) : "F32, BF16 or F16")}");
                }
            }
        }

        return problems;
    }

    /// <summary>Reads one tensor's bytes from the stream's position into <paramref name="target"/>, converting as needed.</summary>
    private static void ReadInto(FileStream stream, SafeTensorsEntry entry, Tensor target)
    {
        var bytes = entry.End - entry.Begin;
        if (target.device_type == TorchSharp.DeviceType.CPU && target.dtype == entry.Dtype && target.is_contiguous() && bytes <= int.MaxValue)
        {
            stream.ReadExactly(target.bytes);
            return;
        }

        var count = target.numel();
        using var flat = target.view(-1);
        for (long start = 0; start < count; start += ChunkElements)
        {
            var length = Math.Min(ChunkElements, count - start);
            using var scratch = empty(length, dtype: entry.Dtype);
            stream.ReadExactly(scratch.bytes);
            using var slot = flat.narrow(0, start, length);
            slot.copy_(scratch);
        }
    }
}
