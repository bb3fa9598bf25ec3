using System.Runtime.InteropServices;

namespace ReasonRL.Model.Tests;

/// <summary>Runs alone, after the parallel tests: another test's thread could otherwise take the freed block first.</summary>
[CollectionDefinition(nameof(NativeHeapTests), DisableParallelization = true)]
public sealed class NativeHeapCollection;

[Collection(nameof(NativeHeapTests))]
public sealed class NativeHeapTests
{
    /// <summary>
    /// A 16 MB block (above glibc's default mmap threshold) freed and allocated again comes back from the heap with
    /// its pages still mapped: touching it faults (almost) nothing in. A second block allocated after it keeps its
    /// heap from becoming empty (glibc unmaps an empty thread heap whatever the settings), and faults are counted on
    /// this thread only (<c>/proc/thread-self/stat</c>).
    /// </summary>
    [Fact]
    public void A_freed_block_is_reused_without_page_faults()
    {
        Assert.True(NativeHeap.KeepFreedMemory(), "mallopt should accept the settings on Linux with glibc");
        const int size = 16 * 1024 * 1024;
        var first = Marshal.AllocHGlobal(size); // malloc on Linux
        Touch(first, size);
        var pin = Marshal.AllocHGlobal(size);
        Marshal.FreeHGlobal(first);

        var before = MinorFaultsOfThisThread();
        var second = Marshal.AllocHGlobal(size);
        Touch(second, size);
        var faults = MinorFaultsOfThisThread() - before;
        Marshal.FreeHGlobal(second);
        Marshal.FreeHGlobal(pin);
        Assert.True(faults < 256, $"re-allocating a freed 16 MB block faulted {faults} pages in (4,096 would be every page)");

        static void Touch(IntPtr block, int bytes)
        {
            for (var offset = 0; offset < bytes; offset += 4096)
            {
                Marshal.WriteByte(block, offset, 1);
            }
        }
    }

    private static long MinorFaultsOfThisThread()
    {
        // Field 10 of stat is minflt; the command name (field 2) is in parentheses and may hold spaces.
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7], System.Globalization.CultureInfo.InvariantCulture);
    }
}
