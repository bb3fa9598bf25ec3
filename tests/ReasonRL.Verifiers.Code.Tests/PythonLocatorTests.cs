using ReasonRL.Verifiers.Code.Sandbox;

namespace ReasonRL.Verifiers.Code.Tests;

public sealed class PythonLocatorTests : IDisposable
{
    private static readonly byte[] ElfStart = [0x7f, (byte)'E', (byte)'L', (byte)'F'];
    private readonly string _directory = Directory.CreateTempSubdirectory("reasonrl-python-locator-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_newest_versioned_binary_wins_over_shims_and_the_plain_name()
    {
        Binary("python3");
        Binary("python3.9");
        Binary("python3.11");
        Script("python3.12");
        Binary("python3.11-config");

        Assert.Equal(Path.Combine(_directory, "python3.11"), PythonLocator.Find(null, _directory));
    }

    [Fact]
    public void Without_a_versioned_binary_the_plain_python3_is_used()
    {
        Binary("python3");

        Assert.Equal(Path.Combine(_directory, "python3"), PythonLocator.Find(null, _directory));
    }

    [Fact]
    public void A_configured_interpreter_is_used_as_given_unless_it_is_a_script()
    {
        var binary = Binary("custom-python");
        var shim = Script("pyenv-shim");

        Assert.Equal(binary, PythonLocator.Find(binary, _directory));
        Assert.Contains("pyenv which", Assert.Throws<InvalidOperationException>(() => PythonLocator.Find(shim, _directory)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => PythonLocator.Find(Path.Combine(_directory, "missing"), _directory));
    }

    [Fact]
    public void No_interpreter_at_all_is_an_error_that_says_how_to_configure_one() =>
        Assert.Contains("python_path", Assert.Throws<InvalidOperationException>(() => PythonLocator.Find(null, _directory)).Message, StringComparison.Ordinal);

    private string Binary(string name)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, ElfStart);
        return path;
    }

    private string Script(string name)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, "#!/usr/bin/env bash\nexec pyenv exec python3 \"$@\"\n");
        return path;
    }
}
