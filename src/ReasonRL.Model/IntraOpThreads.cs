using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace ReasonRL.Model;

/// <summary>
/// The calling thread's own intra-op parallelism in libtorch: how many threads one kernel it calls may use. libtorch
/// keeps that count per thread (OpenMP's <c>nthreads-var</c> of the thread that starts a parallel region, and MKL's
/// thread-local count), so one thread can run its kernels alone while every other thread keeps the process-wide
/// setting that <c>torch.set_num_threads</c> changes for all.
/// </summary>
/// <remarks>
/// Used by threads that exist for a single job and end with it (<see cref="Sampling.Sampler"/>'s streams), so the
/// setting dies with them. libtorch sets a thread's OpenMP count itself on that thread's first parallel call; reading
/// <c>get_num_threads</c> first makes that happen before the count is changed, so it cannot undo it.
/// </remarks>
public static class IntraOpThreads
{
    /// <summary>
    /// From now on the calling thread's kernels run on that thread alone. Returns false where libtorch was built without
    /// OpenMP or MKL under these names (then nothing changed, and the kernels still use the process-wide count).
    /// </summary>
    public static bool UseOnlyCallingThread()
    {
        _ = get_num_threads(); // libtorch's lazy per-thread initialisation, which sets this thread's OpenMP count
        try
        {
            OmpSetNumThreads(1);
            _ = MklSetNumThreadsLocal(1);
            return get_num_threads() == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    // libtorch_cpu links MKL statically and exports its API; OpenMP's symbols resolve through its dependencies.
    // MKL_Set_Num_Threads_Local takes its count by value; the lower-case mkl_set_num_threads_local there is the
    // Fortran binding, which takes a pointer.
    [DllImport("libtorch_cpu", EntryPoint = "omp_set_num_threads", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern void OmpSetNumThreads(int threads);

    [DllImport("libtorch_cpu", EntryPoint = "MKL_Set_Num_Threads_Local", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.AssemblyDirectory | DllImportSearchPath.SafeDirectories)]
    private static extern int MklSetNumThreadsLocal(int threads);
}
