using System.Buffers.Binary;
using System.Text.Json;
using ReasonRL.Core;
using ReasonRL.Core.Io;
using static TorchSharp.torch;

namespace ReasonRL.Model.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format (https://github.com/huggingface/safetensors): an 8-byte little-endian
/// header length N, N bytes of JSON header <c>{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}}</c>
/// (padded with spaces to a multiple of 8), then the raw little-endian tensor bytes, offsets counted from the end of
/// the header. Used for model weights and for any other named tensors (optimizer state).
/// </summary>
/// <remarks>
/// Every problem of a file (corrupt header, unknown dtype, an entry whose byte range does not match its shape, a
/// truncated data section) is reported in one <see cref="InputException"/> naming the file and the tensor.
/// </remarks>
public static class SafeTensors
{
    private const string MetadataKey = "__metadata__";
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes <paramref name="tensors"/> (any device, any layout) to <paramref name="path"/> atomically, sorted by name.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        AtomicFile.Write(path, stream => Write(stream, tensors, metadata));

    /// <summary>Writes <paramref name="tensors"/> to <paramref name="stream"/>, sorted by name.</summary>
    public static void Write(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("safetensors are little-endian; this machine is not");
        }

        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var header = new MemoryStream();
        long offset = 0;
        using (var writer = new Utf8JsonWriter(header))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            foreach (var name in names)
            {
                var tensor = tensors[name];
                var size = tensor.numel() * tensor.element_size();
                writer.WriteStartObject(name);
                writer.WriteString("dtype", SafeTensorsDtype.NameOf(tensor.dtype));
                writer.WriteStartArray("shape");
                foreach (var dimension in tensor.shape)
                {
                    writer.WriteNumberValue(dimension);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + size);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += size;
            }

            writer.WriteEndObject();
        }

        while (header.Length % 8 != 0)
        {
            header.WriteByte((byte)' ');
        }

        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        header.Position = 0;
        header.CopyTo(stream);
        foreach (var name in names)
        {
            using var scope = NewDisposeScope();
            var contiguous = tensors[name].detach().cpu().contiguous();
            if (contiguous.numel() * contiguous.element_size() > int.MaxValue)
            {
                throw new NotSupportedException($"tensor '{name}' is larger than 2 GiB, which this writer does not split");
            }

            stream.Write(contiguous.bytes);
        }
    }

    /// <summary>The header of a safetensors file: its entries by name (and the metadata), with every problem found.</summary>
    public static (IReadOnlyDictionary<string, SafeTensorsEntry> Entries, IReadOnlyDictionary<string, string> Metadata) ReadHeader(string path)
    {
        using var stream = OpenForReading(path);
        var (entries, metadata, _) = ReadHeader(stream, path);
        return (entries, metadata);
    }

    /// <summary>The entries of a file and where its data section starts (the byte offset its entries count from).</summary>
    public static (IReadOnlyDictionary<string, SafeTensorsEntry> Entries, long DataStart) ReadLayout(string path)
    {
        using var stream = OpenForReading(path);
        var (entries, _, dataStart) = ReadHeader(stream, path);
        return (entries, dataStart);
    }

    /// <summary>Every tensor of the file, on the CPU in its stored dtype.</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        using var stream = OpenForReading(path);
        var (entries, _, dataStart) = ReadHeader(stream, path);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in entries.Values.OrderBy(e => e.Begin))
            {
                var tensor = empty(entry.Shape, dtype: entry.Dtype);
                tensors[entry.Name] = tensor;
                stream.Position = dataStart + entry.Begin;
                stream.ReadExactly(tensor.bytes);
            }
        }
        catch
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }

            throw;
        }

        return tensors;
    }

    private static FileStream OpenForReading(string path) =>
        File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16) : throw new InputException($"{path}: no such file");

    private static (Dictionary<string, SafeTensorsEntry> Entries, Dictionary<string, string> Metadata, long DataStart) ReadHeader(FileStream stream, string path)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.Length < 8)
        {
            throw new InputException($"{path}: truncated safetensors file ({stream.Length} bytes; the header length alone takes 8)");
        }

        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderBytes || (long)headerLength > stream.Length - 8)
        {
            throw new InputException($"{path}: corrupt or truncated safetensors header (it claims {headerLength} bytes; the file has {stream.Length - 8} after the length)");
        }

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        var dataStart = 8 + (long)headerLength;
        var dataLength = stream.Length - dataStart;
        var problems = new List<string>();
        var entries = new Dictionary<string, SafeTensorsEntry>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes);
        }
        catch (JsonException e)
        {
            throw new InputException($"{path}: corrupt safetensors header: not valid JSON ({e.Message})");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InputException($"{path}: corrupt safetensors header: expected a JSON object");
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    ReadMetadata(property.Value, metadata, problems);
                }
                else if (ParseEntry(property, dataLength, problems) is { } entry)
                {
                    entries[entry.Name] = entry;
                }
            }
        }

        var covered = entries.Values.Sum(e => e.End - e.Begin);
        var end = entries.Count == 0 ? 0 : entries.Values.Max(e => e.End);
        if (end > dataLength)
        {
            problems.Add($"truncated: the tensors need {end} data bytes but the file holds {dataLength}");
        }
        else if (problems.Count == 0 && (covered != dataLength || end != dataLength))
        {
            problems.Add($"the tensors' byte ranges cover {covered} of the {dataLength} data bytes (overlapping, gaps or trailing bytes)");
        }

        return problems.Count == 0
            ? (entries, metadata, dataStart)
            : throw new InputException($"{path}: {string.Join("; ", problems)}");
    }

    private static void ReadMetadata(JsonElement value, Dictionary<string, string> metadata, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"'{MetadataKey}' must be an object of strings");
            return;
        }

        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind == JsonValueKind.String)
            {
                metadata[item.Name] = item.Value.GetString()!;
            }
            else
            {
                problems.Add($"'{MetadataKey}.{item.Name}' must be a string");
            }
        }
    }

    private static SafeTensorsEntry? ParseEntry(JsonProperty property, long dataLength, List<string> problems)
    {
        var name = property.Name;
        var value = property.Value;
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array || offsetsElement.GetArrayLength() != 2)
        {
            problems.Add($"tensor '{name}': expected {{\"dtype\", \"shape\", \"data_offsets\": [begin, end]}}");
            return null;
        }

        if (!SafeTensorsDtype.TryParse(dtypeElement.GetString()!, out var dtype, out var elementSize))
        {
            problems.Add($"tensor '{name}': unknown dtype '{dtypeElement.GetString()}' (known: {string.Join(", ", SafeTensorsDtype.Names)})");
            return null;
        }

        var shape = new List<long>();
        foreach (var dimension in shapeElement.EnumerateArray())
        {
            if (!dimension.TryGetInt64(out var size) || size < 0)
            {
                problems.Add($"tensor '{name}': shape entries must be non-negative integers");
                return null;
            }

            shape.Add(size);
        }

        if (!offsetsElement[0].TryGetInt64(out var begin) || !offsetsElement[1].TryGetInt64(out var end) || begin < 0 || end < begin)
        {
            problems.Add($"tensor '{name}': data_offsets must be two integers 0 <= begin <= end");
            return null;
        }

        var expectedBytes = shape.Aggregate(1L, (a, b) => a * b) * elementSize;
        if (end - begin != expectedBytes)
        {
            problems.Add($"tensor '{name}': {dtypeElement.GetString()} [{string.Join(", ", shape)}] takes {expectedBytes} bytes but data_offsets span {end - begin}");
            return null;
        }

        if (end > dataLength)
        {
            problems.Add($"tensor '{name}': truncated (its bytes end at {end}, the data section has {dataLength})");
            return null;
        }

        return new SafeTensorsEntry(name, dtype, [.. shape], begin, end);
    }
}
