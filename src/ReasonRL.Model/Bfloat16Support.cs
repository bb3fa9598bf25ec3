namespace ReasonRL.Model;

/// <summary>
/// Whether a device computes in bfloat16 natively, so that inference in bfloat16 is faster than in float32: a CUDA
/// device, or a CPU with AVX-512 BF16 (<c>avx512_bf16</c>), AMX (<c>amx_bf16</c>) or Arm's BF16 extension
/// (<c>bf16</c>) among the flags of <c>/proc/cpuinfo</c>. Elsewhere libtorch still computes in bfloat16, by widening
/// every operand in software, which is slower than float32.
/// </summary>
public static class Bfloat16Support
{
    private static readonly Lazy<IReadOnlySet<string>> CpuFlags = new(() =>
        File.Exists("/proc/cpuinfo") ? ParseCpuFlags(File.ReadAllText("/proc/cpuinfo")) : new HashSet<string>());

    /// <summary>Whether <paramref name="compute"/>'s device has native bfloat16 arithmetic.</summary>
    public static bool IsNative(ModelCompute compute) => !compute.IsCpu || CpuHasBfloat16(CpuFlags.Value);

    /// <summary>
    /// The dtype inference runs in when <paramref name="wanted"/> is asked for on <paramref name="compute"/>'s device:
    /// bfloat16 only where it is native, float32 otherwise.
    /// </summary>
    public static ComputeDtype Effective(ComputeDtype wanted, ModelCompute compute) =>
        wanted == ComputeDtype.Bfloat16 && !IsNative(compute) ? ComputeDtype.Float32 : wanted;

    /// <summary>Whether a CPU with these feature flags has native bfloat16 dot products or matrix tiles.</summary>
    public static bool CpuHasBfloat16(IReadOnlySet<string> flags) =>
        flags.Contains("avx512_bf16") || flags.Contains("amx_bf16") || flags.Contains("bf16");

    /// <summary>The feature flags of every processor in <c>/proc/cpuinfo</c> text (x86 <c>flags</c>, Arm <c>Features</c>).</summary>
    public static IReadOnlySet<string> ParseCpuFlags(string cpuinfo)
    {
        var flags = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in cpuinfo.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            if (key is "flags" or "Features")
            {
                flags.UnionWith(line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }

        return flags;
    }
}
