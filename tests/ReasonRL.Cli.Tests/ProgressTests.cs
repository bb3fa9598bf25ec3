using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ReasonRL.Cli.Hosting;
using ReasonRL.Cli.Progress;
using ReasonRL.Core;

namespace ReasonRL.Cli.Tests;

/// <summary>The progress line: its arithmetic, how it is drawn on a terminal and logged elsewhere, and the verbs that show it.</summary>
public class ProgressTests
{
    private const string Erase = "\r\u001b[2K";

    [Theory]
    [InlineData(0, 100, 10, null)]     // nothing done yet: no rate to go by
    [InlineData(25, 100, 10, 30.0)]   // a quarter in 10 s: three quarters left take 30 s
    [InlineData(100, 100, 50, 0.0)]
    [InlineData(120, 100, 10, 0.0)]   // more than the total (an estimate that was low): nothing left
    [InlineData(10, 0, 5, null)]      // total not known
    public void Time_left_is_the_rate_so_far_applied_to_what_remains(long done, long total, double elapsedSeconds, double? expectedSeconds) =>
        Assert.Equal(expectedSeconds, ProgressLine.TimeLeft(done, total, TimeSpan.FromSeconds(elapsedSeconds))?.TotalSeconds);

    [Theory]
    [InlineData(4608, 10240, 9, 100, "Verifying  45% [#############.................] 4,608/10,240 records, 512/s, ETA 11s")]
    [InlineData(4608, 10240, 9, 60, "Verifying  45% 4,608/10,240 records, 512/s, ETA 11s")] // too narrow for a bar
    [InlineData(4608, 10240, 9, 30, "Verifying  45% 4,608/10,240 re")]                       // cut, never wrapped
    [InlineData(4608, 10240, 9, null, "Verifying  45% 4,608/10,240 records, 512/s, ETA 11s")] // a log line: no bar
    [InlineData(300, 0, 60, 100, "Verifying  300 records, 5.0/s, 1m00s elapsed")]            // total not known
    [InlineData(0, 800, 3725, 100, "Verifying   0% [..............................] 0/800 records, 0.0/s, 1h02m elapsed")]
    [InlineData(800, 800, 12, 100, "Verifying 100% [##############################] 800/800 records, 67/s, ETA 0s")]
    public void A_line_shows_share_bar_counts_rate_and_eta(long done, long total, double elapsedSeconds, int? width, string expected) =>
        Assert.Equal(expected, ProgressLine.Format("Verifying", new WorkProgressSnapshot(done, total, "records", TimeSpan.FromSeconds(elapsedSeconds)), width));

    [Fact]
    public void On_a_terminal_the_line_is_drawn_at_once_redrawn_in_place_at_most_every_interval_and_erased_at_the_end()
    {
        var (error, time, reporter, _) = Setup(ProgressMode.Live);

        using (var progress = reporter.Start("Sampling", total: 100, unit: "completions"))
        {
            Assert.Equal(Erase + "Sampling   0% [..............................] 0/100 completions, 0.0/s, 0s elapsed", error.ToString());
            time.Advance(TimeSpan.FromMilliseconds(50));
            progress.Advance(10); // within the redraw interval: not drawn
            Assert.Equal(1, Count(error.ToString(), Erase));
            time.Advance(TimeSpan.FromMilliseconds(50));
            progress.Advance(15);
            Assert.EndsWith(Erase + "Sampling  25% [#######.......................] 25/100 completions, 250/s, ETA 0s", error.ToString(), StringComparison.Ordinal);
        }

        Assert.EndsWith(Erase, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_line_moves_on_once_a_second_while_no_report_comes()
    {
        var (error, time, reporter, _) = Setup(ProgressMode.Live);

        using var progress = reporter.Start("Sampling", total: 100, unit: "completions");
        progress.Report(new WorkProgress(10, 100));
        time.Advance(TimeSpan.FromSeconds(1)); // the ticker fires

        Assert.EndsWith("10/100 completions, 10/s, ETA 9s", error.ToString(), StringComparison.Ordinal);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.EndsWith("10/100 completions, 5.0/s, ETA 18s", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_lines_written_meanwhile_go_above_the_line()
    {
        using var error = new StringWriter();
        var status = new StatusLine(error, width: 80);

        status.Show("Sampling 10%");
        status.WriteAbove(() => error.Write("12:00:00 INF step 1\n"));

        Assert.Equal(Erase + "Sampling 10%" + Erase + "12:00:00 INF step 1\n" + "Sampling 10%", error.ToString());
    }

    [Fact]
    public void Elsewhere_progress_is_a_log_line_every_interval_and_nothing_is_drawn()
    {
        var (error, time, reporter, log) = Setup(ProgressMode.Log);

        using (var progress = reporter.Start("Verifying", total: 1000, unit: "records"))
        {
            time.Advance(TimeSpan.FromSeconds(29));
            progress.Advance(100);
            Assert.Empty(log); // work shorter than the interval logs nothing
            time.Advance(TimeSpan.FromSeconds(1)); // 30 s: logged by the ticker, no report needed
            time.Advance(TimeSpan.FromSeconds(15));
            progress.Advance(200);                 // 45 s: too soon after the last line
            time.Advance(TimeSpan.FromSeconds(15)); // 60 s
        }

        Assert.Equal(["Verifying  10% 100/1,000 records, 3.3/s, ETA 4m30s", "Verifying  30% 300/1,000 records, 5.0/s, ETA 2m20s"], log);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public void With_no_progress_nothing_is_shown()
    {
        var (error, time, reporter, log) = Setup(ProgressMode.Off);

        using (var progress = reporter.Start("Verifying", total: 10, unit: "records"))
        {
            time.Advance(TimeSpan.FromMinutes(5));
            progress.Advance(5);
        }

        Assert.Equal("", error.ToString());
        Assert.Empty(log);
    }

    [Fact]
    public void Workers_advancing_at_once_count_every_unit()
    {
        var (_, _, reporter, _) = Setup(ProgressMode.Live);

        using var progress = reporter.Start("Verifying", total: 8000, unit: "records");
        Parallel.For(0, 8000, _ => progress.Advance());

        Assert.Equal(8000, progress.Done);
    }

    [Fact]
    public async Task A_verb_on_a_terminal_shows_its_progress_on_standard_error_only()
    {
        using var folder = new TempFolder();
        var console = new CliConsole(new StringWriter(), new StringWriter(), ErrorIsTerminal: true);

        var exitCode = await CliRunner.RunAsync(console, "tasks", "generate", "arithmetic", "--count", "300", "--seed", "1", "--out", folder.File("p.jsonl"));

        Assert.Equal(0, exitCode);
        var error = console.Error.ToString()!;
        Assert.Contains(Erase + "Generating   0% [", error, StringComparison.Ordinal);
        Assert.EndsWith(Erase, error, StringComparison.Ordinal); // erased when done
        Assert.Equal("", console.Out.ToString());
        Assert.Equal(300, File.ReadAllLines(folder.File("p.jsonl")).Length);
    }

    [Fact]
    public async Task No_line_is_drawn_between_records_streamed_to_the_same_terminal_nor_with_no_progress()
    {
        var streaming = new CliConsole(new StringWriter(), new StringWriter(), ErrorIsTerminal: true, OutIsTerminal: true);
        var quiet = new CliConsole(new StringWriter(), new StringWriter(), ErrorIsTerminal: true);

        Assert.Equal(0, await CliRunner.RunAsync(streaming, "tasks", "generate", "arithmetic", "--count", "50", "--seed", "1"));
        Assert.Equal(0, await CliRunner.RunAsync(quiet, "tasks", "generate", "arithmetic", "--count", "50", "--seed", "1", "--no-progress"));

        Assert.Equal(50, streaming.Out.ToString()!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("Generating", streaming.Error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Generating", quiet.Error.ToString(), StringComparison.Ordinal);
    }

    private static (StringWriter Error, FakeTimeProvider Time, ProgressReporter Reporter, List<string> Log) Setup(ProgressMode mode)
    {
        var error = new StringWriter();
        var time = new FakeTimeProvider();
        var log = new List<string>();
        var console = new CliConsole(new StringWriter(), error, ErrorIsTerminal: mode == ProgressMode.Live, Width: 101);
        var reporter = new ProgressReporter(new StatusLine(error, console.Width), new ProgressSettings(mode), console, time, new ListLogger(log));
        return (error, time, reporter, log);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private sealed class ListLogger(List<string> messages) : ILogger<ProgressReporter>
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Add(formatter(state, exception));
    }
}
