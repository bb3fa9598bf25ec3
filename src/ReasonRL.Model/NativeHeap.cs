using System.Runtime.InteropServices;

namespace ReasonRL.Model;

/// <summary>
/// Settings of the C heap that libtorch allocates tensors from. By default glibc's malloc serves large blocks with
/// <c>mmap</c> and unmaps them on free, and hands the free top of its heap back to the kernel; a training step frees
/// and re-allocates the same tens of megabytes of activations every step, so every step faulted its pages in again
/// and the kernel zeroed each 4 KB page. Measured on the small preset's training step: ~4,200 page faults per step
/// with the defaults, ~900 after <see cref="KeepFreedMemory"/>.
/// </summary>
public static class NativeHeap
{
    private const int TrimThreshold = -1; // M_TRIM_THRESHOLD
    private const int MmapThreshold = -3; // M_MMAP_THRESHOLD

    /// <summary>Blocks up to this size come from the heap and are reused after free (glibc's largest allowed value).</summary>
    public const int LargestHeapBlock = 32 * 1024 * 1024;

    /// <summary>
    /// Keeps freed memory in the process for reuse: blocks up to <see cref="LargestHeapBlock"/> come from the heap,
    /// and the heap is never trimmed. Call once at start-up; the resident size then stays at the peak of the work
    /// (which a training loop reaches on its first step anyway). Returns false where the C library has no such
    /// setting (not glibc), which changes nothing else.
    /// </summary>
    public static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return Mallopt(MmapThreshold, LargestHeapBlock) == 1 && Mallopt(TrimThreshold, int.MaxValue) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    // DllImport, not LibraryImport: the signature is blittable, and LibraryImport would need unsafe code enabled.
    [DllImport("libc", EntryPoint = "mallopt", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Mallopt(int parameter, int value);
}
