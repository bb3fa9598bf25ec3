using ReasonRL.Core;
using ReasonRL.Training.Benchmarks;

namespace ReasonRL.Training.Tests.Benchmarks;

public class BenchSuiteTests
{
    [Fact]
    public void Progress_counts_every_measurement_up_to_the_announced_total()
    {
        var reports = new RecordingProgress();

        BenchSuite.Run(BenchSettings.Quick, _ => { }, CancellationToken.None, reports);

        var units = BenchSettings.Quick.Units;
        Assert.Equal(Enumerable.Range(1, (int)units).Select(done => new WorkProgress(done, units)), reports.Values);
    }

    [Theory]
    [InlineData(0, 256, 2, 2)]   // one stream per libtorch thread
    [InlineData(0, 8, 16, 8)]    // never more streams than rows
    [InlineData(3, 256, 2, 3)]   // asked for
    [InlineData(0, 256, 0, 1)]
    public void Sampling_runs_in_one_stream_per_thread_unless_told(int streams, int batch, int threads, int expected)
    {
        Assert.Equal(expected, new BenchSettings { DecodeStreams = streams, DecodeBatch = batch }.StreamsFor(threads));
    }

    private sealed class RecordingProgress : IProgress<WorkProgress>
    {
        public List<WorkProgress> Values { get; } = [];

        public void Report(WorkProgress value) => Values.Add(value);
    }
}
