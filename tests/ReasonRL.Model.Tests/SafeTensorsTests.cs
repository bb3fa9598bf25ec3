using System.Buffers.Binary;
using System.Text;
using ReasonRL.Core;
using ReasonRL.Model.Checkpoints;
using static TorchSharp.torch;

namespace ReasonRL.Model.Tests;

/// <summary>The safetensors reader and writer: layout, dtypes, bit-exact round trips, and damaged files.</summary>
public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-st-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(ScalarType.Float32, "F32")]
    [InlineData(ScalarType.BFloat16, "BF16")]
    [InlineData(ScalarType.Float16, "F16")]
    [InlineData(ScalarType.Int64, "I64")]
    [InlineData(ScalarType.Float64, "F64")]
    [InlineData(ScalarType.Int32, "I32")]
    public void Tensors_of_every_dtype_round_trip_bit_exactly(ScalarType dtype, string name)
    {
        using var scope = NewDisposeScope();
        var values = (randn([3, 5], generator: new Generator(1)) * 1000).to_type(dtype);
        var path = Path.Combine(_folder, "a.safetensors");

        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["x"] = values, ["scalar"] = tensor(7L) });
        var loaded = SafeTensors.Load(path);
        var (entries, _) = SafeTensors.ReadHeader(path);

        Assert.Equal(name, entries["x"].DtypeName);
        Assert.Equal(dtype, loaded["x"].dtype);
        Assert.Equal(values.bytes.ToArray(), loaded["x"].bytes.ToArray());
        Assert.Empty(loaded["scalar"].shape);
        Assert.Equal(7L, loaded["scalar"].item<long>());
    }

    [Fact]
    public void The_file_is_an_8_byte_length_then_an_aligned_json_header_then_the_raw_bytes()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(_folder, "b.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["b"] = tensor(new float[] { 1, 2 }), ["a"] = tensor(new long[] { 3 }) }, new Dictionary<string, string> { ["format"] = "pt" });

        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = Encoding.UTF8.GetString(bytes, 8, headerLength).TrimEnd(' ');

        Assert.Equal(0, headerLength % 8);
        Assert.Equal("""{"__metadata__":{"format":"pt"},"a":{"dtype":"I64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", header);
        Assert.Equal(8 + headerLength + 16, bytes.Length);
        Assert.Equal(3L, BitConverter.ToInt64(bytes, 8 + headerLength));
        Assert.Equal(2f, BitConverter.ToSingle(bytes, 8 + headerLength + 12));
    }

    [Fact]
    public void A_truncated_file_is_reported_with_the_tensor_it_cuts()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(_folder, "c.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["first"] = zeros(4), ["second"] = zeros(4) });
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^6]);

        var error = Assert.Throws<InputException>(() => SafeTensors.Load(path));

        Assert.Contains("tensor 'second': truncated", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]""", "corrupt safetensors header")]
    [InlineData("""{"x":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}""", "tensor 'x': unknown dtype 'Q4'")]
    [InlineData("""{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", "tensor 'x': F32 [3] takes 12 bytes but data_offsets span 8")]
    public void A_corrupt_header_is_reported_clearly(string header, string expected)
    {
        var path = Path.Combine(_folder, "d.safetensors");
        var headerBytes = Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + headerBytes.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)headerBytes.Length);
        headerBytes.CopyTo(file, 8);
        File.WriteAllBytes(path, file);

        var error = Assert.Throws<InputException>(() => SafeTensors.Load(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_length_beyond_the_file_is_reported_as_truncated()
    {
        var path = Path.Combine(_folder, "e.safetensors");
        var file = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(file, 1000);
        File.WriteAllBytes(path, file);

        var error = Assert.Throws<InputException>(() => SafeTensors.ReadHeader(path));

        Assert.Contains("corrupt or truncated safetensors header", error.Message, StringComparison.Ordinal);
    }
}
