using static TorchSharp.torch;

namespace ReasonRL.Model.Transformer;

/// <summary>The device and dtype every parameter and buffer of a model is created with.</summary>
internal readonly record struct Placement(Device Device, ScalarType Dtype)
{
    public static Placement Cpu32 => new(CPU, ScalarType.Float32);
}
