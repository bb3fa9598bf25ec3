using System.Runtime.ExceptionServices;

namespace ReasonRL.Model.Sampling;

/// <summary>
/// Runs parts of a batch at once, each on a thread of its own whose libtorch kernels use that thread alone
/// (<see cref="IntraOpThreads"/>). Decoding a small model dispatches many small kernels one after another; with
/// libtorch's intra-op threads the second core spins through each dispatch and the first waits for it at the end of
/// each kernel, while independent batches keep both cores on real work (measured: README, "Speed of KV-cache sampling").
/// </summary>
/// <remarks>
/// The threads are made for the call and end with it, so their single-threaded setting never reaches a pooled thread.
/// Part p of n items is the contiguous range [p·n/s, (p+1)·n/s): the same count and streams give the same parts.
/// </remarks>
internal static class SamplingStreams
{
    /// <summary>Calls <paramref name="decode"/>(start, count) for each of <paramref name="streams"/> parts at once; rethrows the first failure.</summary>
    public static void Run(int streams, int count, Action<int, int> decode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(streams, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(streams, count);
        var failures = new Exception?[streams];
        var threads = new Thread[streams];
        for (var part = 0; part < streams; part++)
        {
            var (start, end, index) = (part * count / streams, (part + 1) * count / streams, part);
            threads[part] = new Thread(() =>
            {
                try
                {
                    IntraOpThreads.UseOnlyCallingThread();
                    decode(start, end - start);
                }
                catch (Exception e)
                {
                    failures[index] = e;
                }
            })
            {
                IsBackground = true,
                Name = $"sampling stream {part}",
            };
            threads[part].Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        // A cancelled part makes the others fail with it; the cancellation is the cause to report.
        var failure = failures.FirstOrDefault(f => f is OperationCanceledException) ?? failures.FirstOrDefault(f => f is not null);
        if (failure is not null)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }
}
