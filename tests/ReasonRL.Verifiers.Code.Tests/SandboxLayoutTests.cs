using ReasonRL.Verifiers.Code.Sandbox;

namespace ReasonRL.Verifiers.Code.Tests;

public sealed class SandboxLayoutTests
{
    private const string Python = "/usr/bin/python3.11";
    private const string Bubblewrap = "/usr/bin/bwrap";
    private static readonly ChildLimits Limits = new(256L << 20, 1);

    [Fact]
    public void As_root_the_layouts_go_from_unprivileged_bubblewrap_to_process_limits()
    {
        var layouts = SandboxLayout.Candidates(IsolationMode.Strongest, Python, Bubblewrap, "/tmp/socket-dir", isRoot: true, 65534, "pass", Limits);

        Assert.Equal([SandboxKind.Namespaces, SandboxKind.NamespacesRootLaunched, SandboxKind.ProcessLimitsOnly], layouts.Select(l => l.Kind));
        Assert.Equal(["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--no-new-privs", "--", Bubblewrap, "--unshare-all"],
            [layouts[0].FileName, .. layouts[0].Arguments.Take(7)]);
        Assert.Equal(Bubblewrap, layouts[1].FileName);
        Assert.Contains("--reuid=65534", layouts[2].Arguments);
        Assert.True(layouts[2].IsWeak);
    }

    [Fact]
    public void Not_as_root_bubblewrap_runs_directly_in_a_user_namespace()
    {
        var layouts = SandboxLayout.Candidates(IsolationMode.Strongest, Python, Bubblewrap, "/tmp/socket-dir", isRoot: false, 65534, "pass", Limits);

        Assert.Equal([SandboxKind.Namespaces, SandboxKind.ProcessLimitsOnly], layouts.Select(l => l.Kind));
        Assert.Equal(Bubblewrap, layouts[0].FileName);
        Assert.Equal(Python, layouts[1].FileName);
    }

    [Theory]
    [InlineData(IsolationMode.RequireNamespaces, true, new[] { SandboxKind.Namespaces, SandboxKind.NamespacesRootLaunched })]
    [InlineData(IsolationMode.RequireNamespaces, false, new SandboxKind[0])]
    [InlineData(IsolationMode.ProcessLimitsOnly, true, new[] { SandboxKind.ProcessLimitsOnly })]
    [InlineData(IsolationMode.Strongest, false, new[] { SandboxKind.ProcessLimitsOnly })]
    public void The_isolation_mode_and_bubblewrap_s_presence_decide_the_candidates(IsolationMode mode, bool hasBubblewrap, SandboxKind[] kinds) =>
        Assert.Equal(kinds, SandboxLayout.Candidates(mode, Python, hasBubblewrap ? Bubblewrap : null, "/tmp/d", isRoot: true, 65534, "pass", Limits).Select(l => l.Kind));

    [Fact]
    public void Bubblewrap_layouts_mount_nothing_writable_and_die_with_their_parent()
    {
        foreach (var layout in SandboxLayout.Candidates(IsolationMode.RequireNamespaces, Python, Bubblewrap, "/tmp/d", isRoot: true, 65534, "pass", Limits))
        {
            var args = layout.Arguments;
            Assert.DoesNotContain("--bind", args);
            Assert.DoesNotContain("--bind-try", args);
            Assert.DoesNotContain("--dev-bind", args);
            Assert.DoesNotContain("--tmpfs", args);
            Assert.Contains("--die-with-parent", args);
            Assert.Contains("--as-pid-1", args);
            Assert.Contains("--unshare-net", args.Contains("--unshare-all") ? ["--unshare-net"] : args);
            Assert.Contains("--unshare-pid", args.Contains("--unshare-all") ? ["--unshare-pid"] : args);
            Assert.Equal("/", args[args.ToList().LastIndexOf("--remount-ro") + 1]);
            Assert.Equal([Python, "-I", "-S", "-B", "-c", "pass", "/run/reasonrl/sandbox.sock", "268435456", "1"], args.TakeLast(9));
        }
    }
}
