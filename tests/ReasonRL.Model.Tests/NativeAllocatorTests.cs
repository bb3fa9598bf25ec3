namespace ReasonRL.Model.Tests;

/// <summary>The choice of C allocator at start-up (<see cref="NativeAllocator.Decide"/>), case by case.</summary>
public sealed class NativeAllocatorTests
{
    private const string Library = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";

    private static readonly Func<string, bool> Installed = path => path == Library;
    private static readonly Func<string, bool> NotInstalled = _ => false;

    private static Dictionary<string, string?> Environment(params (string Name, string Value)[] variables) =>
        variables.ToDictionary(v => v.Name, v => (string?)v.Value, StringComparer.Ordinal);

    [Fact]
    public void Where_jemalloc_is_installed_the_command_starts_again_with_it_preloaded_and_its_settings()
    {
        var decision = NativeAllocator.Decide(Environment(("HOME", "/root")), jemallocLoaded: false, Installed);

        Assert.True(decision.Restart);
        Assert.Equal(Library, decision.Environment["LD_PRELOAD"]);
        Assert.Equal(NativeAllocator.JemallocSettings, decision.Environment["MALLOC_CONF"]);
        Assert.Equal("1", decision.Environment[NativeAllocator.SettingsSetVariable]);
        Assert.Equal(Library, decision.Environment[NativeAllocator.PreloadedVariable]);
        Assert.False(decision.Environment.ContainsKey(NativeAllocator.OriginalPreloadVariable));
    }

    [Fact]
    public void A_users_preload_is_kept_after_jemalloc_and_remembered_and_their_malloc_conf_is_not_overridden()
    {
        var decision = NativeAllocator.Decide(
            Environment(("LD_PRELOAD", "/opt/trace.so"), ("MALLOC_CONF", "narenas:1")), jemallocLoaded: false, Installed);

        Assert.True(decision.Restart);
        Assert.Equal($"{Library}:/opt/trace.so", decision.Environment["LD_PRELOAD"]);
        Assert.Equal("/opt/trace.so", decision.Environment[NativeAllocator.OriginalPreloadVariable]);
        Assert.False(decision.Environment.ContainsKey("MALLOC_CONF"));
        Assert.False(decision.Environment.ContainsKey(NativeAllocator.SettingsSetVariable));
    }

    [Theory]
    [InlineData("glibc", true)]   // asked for
    [InlineData("GLIBC", true)]
    [InlineData(null, false)]     // jemalloc not installed
    public void Glibc_is_kept_when_asked_for_or_when_jemalloc_is_missing(string? choice, bool installed)
    {
        var environment = choice is null ? Environment() : Environment((NativeAllocator.ChoiceVariable, choice));
        var decision = NativeAllocator.Decide(environment, jemallocLoaded: false, installed ? Installed : NotInstalled);

        Assert.False(decision.Restart);
        Assert.Equal("glibc", decision.Allocator);
        Assert.Empty(decision.Environment);
    }

    [Fact]
    public void The_restarted_process_runs_on_jemalloc_and_gives_its_children_the_environment_from_before()
    {
        var decision = NativeAllocator.Decide(
            Environment(
                ("LD_PRELOAD", $"{Library}:/opt/trace.so"), ("MALLOC_CONF", NativeAllocator.JemallocSettings),
                (NativeAllocator.PreloadedVariable, Library), (NativeAllocator.OriginalPreloadVariable, "/opt/trace.so"),
                (NativeAllocator.SettingsSetVariable, "1")),
            jemallocLoaded: true, Installed);

        Assert.False(decision.Restart);
        Assert.Equal("jemalloc", decision.Allocator);
        Assert.Equal("/opt/trace.so", decision.Environment["LD_PRELOAD"]);
        Assert.Null(decision.Environment["MALLOC_CONF"]);
        Assert.Null(decision.Environment[NativeAllocator.PreloadedVariable]);
        Assert.Null(decision.Environment[NativeAllocator.OriginalPreloadVariable]);
        Assert.Null(decision.Environment[NativeAllocator.SettingsSetVariable]);
    }

    [Fact]
    public void A_restart_whose_preload_failed_runs_on_glibc_and_does_not_start_again()
    {
        var decision = NativeAllocator.Decide(
            Environment(("LD_PRELOAD", Library), (NativeAllocator.PreloadedVariable, Library), ("MALLOC_CONF", "narenas:1")),
            jemallocLoaded: false, Installed);

        Assert.False(decision.Restart);
        Assert.Equal("glibc", decision.Allocator);
        Assert.Null(decision.Environment["LD_PRELOAD"]);
        Assert.False(decision.Environment.ContainsKey("MALLOC_CONF")); // the user's own, not set by the restart
    }

    [Fact]
    public void A_process_started_with_jemalloc_preloaded_by_the_user_keeps_it_as_it_is()
    {
        var decision = NativeAllocator.Decide(Environment(("LD_PRELOAD", Library)), jemallocLoaded: true, Installed);

        Assert.False(decision.Restart);
        Assert.Equal("jemalloc", decision.Allocator);
        Assert.Empty(decision.Environment);
    }
}
