using Microsoft.Extensions.Time.Testing;
using ReasonRL.Cli.Serve;

namespace ReasonRL.Cli.Tests;

public sealed class RunsDirectoryTests : IDisposable
{
    private readonly string _temp = Directory.CreateTempSubdirectory("reasonrl-runs-").FullName;

    /// <summary>The runs folder, inside a temporary folder that also holds a folder outside it.</summary>
    private string Runs => Path.Combine(_temp, "runs");

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private string Stage(string path, params string[] lines)
    {
        var folder = Path.Combine(Runs, path);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "metrics.jsonl"), string.Concat(lines.Select(l => l + "\n")));
        return folder;
    }

    private void Recipe(string run, string description) =>
        File.WriteAllText(Path.Combine(Runs, run, "recipe.resolved.yaml"), $"name: {run}\ndescription: {description}\n");

    [Fact]
    public void Runs_list_their_stages_and_sweep_arms_as_series_and_recent_writes_as_live()
    {
        Stage("single/grpo", """{"step":1,"reward":0.5}""", """{"step":2,"reward":0.6}""");
        Recipe("single", "One run");
        Stage("sweep/base", """{"step":1,"loss":2}""");
        Stage("sweep/beta0/grpo", """{"step":1,"reward":0.1}""");
        Recipe("sweep", "A sweep");
        Recipe("sweep/beta0", "An arm");
        Directory.CreateDirectory(Path.Combine(Runs, "not-a-run"));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

        var runs = new RunsDirectory(Runs, clock).Runs().OrderBy(r => r.Id, StringComparer.Ordinal).ToList();

        Assert.Equal(["single", "sweep"], runs.Select(r => r.Id));
        Assert.Equal("One run", runs[0].Description);
        Assert.Equal([("single/grpo", "single", 2)], runs[0].Series.Select(s => (s.Id, s.Label, s.Lines)));
        Assert.Equal([("sweep/base", "sweep"), ("sweep/beta0/grpo", "sweep/beta0")], runs[1].Series.Select(s => (s.Id, s.Label)));
        Assert.All(runs, r => Assert.True(r.Live));
        Assert.Equal(["grpo: reward 0.5 → 0.6 over 2 logged steps."], runs[0].Findings);

        clock.Advance(RunsDirectory.LiveWindow + TimeSpan.FromMinutes(1));
        Assert.All(new RunsDirectory(Runs, clock).Runs(), r => Assert.False(r.Live));
    }

    [Fact]
    public void A_run_folder_given_itself_is_the_only_run_listed()
    {
        Stage("one/grpo", """{"step":1,"reward":0.5}""");
        Recipe("one", "Just this");
        Stage("other/grpo", """{"step":1,"reward":0.5}""");
        Recipe("other", "Not this");

        var runs = new RunsDirectory(Path.Combine(Runs, "one"), TimeProvider.System);

        Assert.Equal(["one"], runs.Runs().Select(r => r.Id));
        Assert.NotNull(runs.StageFolder("one/grpo"));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/etc")]
    [InlineData("run/../../outside")]
    [InlineData("run\\grpo")]
    [InlineData("run")]
    [InlineData("")]
    [InlineData(null)]
    public void Ids_that_leave_the_runs_folder_or_name_no_stage_resolve_to_nothing(string? id)
    {
        Stage("run/grpo", """{"step":1}""");
        Stage("../outside", """{"step":1}""");

        Assert.Null(new RunsDirectory(Runs, TimeProvider.System).StageFolder(id));
        Assert.NotNull(new RunsDirectory(Runs, TimeProvider.System).StageFolder("run/grpo"));
    }

    [Fact]
    public void Metrics_are_read_from_a_line_on_and_a_line_still_being_written_waits()
    {
        var stage = Stage("run/grpo", """{"step":1}""", """{"step":2}""");
        File.AppendAllText(Path.Combine(stage, "metrics.jsonl"), """{"step":3,"rew""");

        var (lines, total, reset) = RunsDirectory.MetricsFrom(stage, 1);

        Assert.Equal(["""{"step":2}"""], lines);
        Assert.Equal(2, total);
        Assert.False(reset);
    }

    [Fact]
    public void A_file_shorter_than_what_the_page_has_was_rewritten_and_is_sent_whole()
    {
        var stage = Stage("run/grpo", """{"step":1}""");

        var (lines, total, reset) = RunsDirectory.MetricsFrom(stage, 5);

        Assert.Equal(["""{"step":1}"""], lines);
        Assert.Equal(1, total);
        Assert.True(reset);
    }
}
