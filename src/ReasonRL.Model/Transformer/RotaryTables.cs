using TorchSharp;
using static TorchSharp.torch;

namespace ReasonRL.Model.Transformer;

/// <summary>
/// Rotary position embedding (RoFormer, Su et al. 2021, arXiv 2104.09864) in the Hugging Face Llama layout, which
/// pairs dimension i with dimension i + head_dim/2 ("rotate half"). The cos and sin tables for every position up to
/// the context length are computed once; they are plain tensors, not parameters, so no checkpoint carries them.
/// </summary>
/// <remarks>
/// HF computes <c>x·cos + rotate_half(x)·sin</c> with <c>rotate_half(x) = cat(−x₂, x₁)</c>. The same thing in three
/// kernels: <c>roll(x, head_dim/2) = cat(x₂, x₁)</c>, times a sign-folded sine <c>cat(−sin, sin)</c>, plus x·cos.
/// </remarks>
public sealed class RotaryTables : IDisposable
{
    private readonly Tensor _cos;        // (context, head_dim)
    private readonly Tensor _signedSin;  // (context, head_dim)

    public RotaryTables(int contextLength, int headDim, double theta, ScalarType dtype = ScalarType.Float32)
        : this(contextLength, headDim, theta, scaling: null, dtype, CPU)
    {
    }

    /// <summary>
    /// Tables for <paramref name="contextLength"/> positions with the frequencies of <see cref="RopeFrequencies"/>
    /// (computed in double precision, rounded once to <paramref name="dtype"/>), cos and sin multiplied by its
    /// attention factor, on <paramref name="device"/>.
    /// </summary>
    public RotaryTables(int contextLength, int headDim, double theta, RopeScaling? scaling, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        var inverseFrequency = pow(theta, arange(0, headDim, 2, dtype: ScalarType.Float64) / headDim).reciprocal(); // (half)
        if (scaling is not null)
        {
            var values = inverseFrequency.data<double>().ToArray();
            AttentionFactor = RopeFrequencies.Scale(values, theta, scaling, contextLength);
            inverseFrequency = tensor(values, dtype: ScalarType.Float64);
        }

        var angles = outer(arange(contextLength, dtype: ScalarType.Float64), inverseFrequency);                      // (context, half)
        var cos = angles.cos();
        var sin = angles.sin();
        if (AttentionFactor != 1.0)
        {
            cos = cos * AttentionFactor;
            sin = sin * AttentionFactor;
        }

        _cos = cat([cos, cos], 1).to(dtype, device).MoveToOuterDisposeScope();
        _signedSin = cat([-sin, sin], 1).to(dtype, device).MoveToOuterDisposeScope();
        HeadDim = headDim;
    }

    /// <summary>The factor on cos and sin (YaRN's attention temperature; 1 otherwise).</summary>
    public double AttentionFactor { get; } = 1.0;

    public int HeadDim { get; }

    /// <summary>
    /// The tables for positions 0..length−1, shaped (1, length, 1, head_dim) to broadcast over batch and heads.
    /// </summary>
    public (Tensor Cos, Tensor SignedSin) ForPrefix(long length) =>
        (_cos.narrow(0, 0, length).unsqueeze(0).unsqueeze(2), _signedSin.narrow(0, 0, length).unsqueeze(0).unsqueeze(2));

    /// <summary>The tables at explicit positions (B, T) (long), shaped (B, T, 1, head_dim).</summary>
    public (Tensor Cos, Tensor SignedSin) At(Tensor positions)
    {
        var flat = positions.reshape(-1);
        var shape = new[] { positions.shape[0], positions.shape[1], 1L, HeadDim };
        using var cos = _cos.index_select(0, flat);
        using var sin = _signedSin.index_select(0, flat);
        return (cos.view(shape), sin.view(shape));
    }

    /// <summary>Rotates x (B, T, heads, head_dim) by the tables (broadcastable to it).</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor signedSin)
    {
        using var swapped = x.roll(x.shape[^1] / 2, -1);
        using var rotated = swapped * signedSin;
        // An explicit scalar, alive until the kernel returns: TorchSharp's add_(Tensor) passes a temporary Scalar's
        // handle that the garbage collector may finalise mid-call (seen as "toFloat: Expected false to be true" in
        // sampling on several threads).
        using var one = 1.ToScalar();
        return x.mul(cos).add_(rotated, one);
    }

    public void Dispose()
    {
        _cos.Dispose();
        _signedSin.Dispose();
    }
}
