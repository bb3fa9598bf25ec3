using ReasonRL.Model;

namespace ReasonRL.Training.Recipes;

/// <summary>
/// The recipe check of a stage's <c>training_dtype</c>: bfloat16 training (forward and backward on a bfloat16 copy of
/// float32 master weights) is refused where the machine has no native bfloat16 arithmetic, because libtorch would
/// then widen every operand in software and train several times slower than float32, the opposite of what was asked.
/// </summary>
public static class TrainingPrecision
{
    /// <summary>The problem with <paramref name="dtype"/> on a machine with or without native bfloat16, or null.</summary>
    public static SectionProblem? Problem(ComputeDtype dtype, bool nativeBfloat16) =>
        dtype == ComputeDtype.Bfloat16 && !nativeBfloat16
            ? new SectionProblem(
                "training_dtype",
                "bfloat16 training needs native bfloat16 arithmetic (AVX-512 BF16 or AMX among the CPU flags of /proc/cpuinfo), and this machine has none; use float32")
            : null;

    /// <summary>The problem with <paramref name="dtype"/> on this machine's CPU, or null.</summary>
    public static SectionProblem? Problem(ComputeDtype dtype) => Problem(dtype, Bfloat16Support.IsNative(ModelCompute.Default));
}
