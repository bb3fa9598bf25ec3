using System.Diagnostics;

namespace ReasonRL.Training.Benchmarks;

/// <summary>
/// The benchmarks' timing rule: on a shared machine other tenants' load can only slow a run down, so a measurement is
/// the fastest of several runs of the same work.
/// </summary>
internal static class FastestRun
{
    /// <summary>Runs <paramref name="run"/> <paramref name="repetitions"/> times and returns the fastest, in seconds;
    /// <paramref name="repetitionDone"/> (if given) is called after each run, outside the timed part.</summary>
    public static double Seconds(int repetitions, Action run, Action? repetitionDone = null)
    {
        var best = double.MaxValue;
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            var clock = Stopwatch.StartNew();
            run();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
            repetitionDone?.Invoke();
        }

        return best;
    }
}
