using TorchSharp;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// Scalars that stay alive for the whole process. TorchSharp turns a number argument (<c>x + y</c>'s alpha of 1,
/// <c>add(1)</c>, <c>masked_fill_(m, −∞)</c>) into a temporary <see cref="Scalar"/> and passes its native handle
/// without keeping the object alive, so a garbage collection that another thread starts mid-call may finalise it
/// while the kernel still reads it (seen as "toFloat: Expected false to be true" when sampling in streams). Code that
/// runs on several threads at once passes these, or a <c>using</c> scalar of its own, instead.
/// </summary>
/// <remarks>A native scalar is read-only, so one instance serves every thread.</remarks>
internal static class HeldScalars
{
    public static readonly Scalar One = 1.ToScalar();

    public static readonly Scalar NegativeInfinity = double.NegativeInfinity.ToScalar();
}
