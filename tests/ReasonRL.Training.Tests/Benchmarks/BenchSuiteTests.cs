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

    private sealed class RecordingProgress : IProgress<WorkProgress>
    {
        public List<WorkProgress> Values { get; } = [];

        public void Report(WorkProgress value) => Values.Add(value);
    }
}
