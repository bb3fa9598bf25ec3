using static TorchSharp.torch;

namespace ReasonRL.Model.Checkpoints;

/// <summary>One tensor of a safetensors header: dtype, shape and its byte range in the data section.</summary>
public sealed record SafeTensorsEntry(string Name, ScalarType Dtype, long[] Shape, long Begin, long End)
{
    public string DtypeName => SafeTensorsDtype.NameOf(Dtype);

    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
