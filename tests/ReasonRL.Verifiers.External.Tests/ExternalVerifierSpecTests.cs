using ReasonRL.Core;

namespace ReasonRL.Verifiers.External.Tests;

public sealed class ExternalVerifierSpecTests : IDisposable
{
    private readonly ScriptFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_shipped_example_spec_runs_its_script_from_its_own_folder()
    {
        var options = ExternalVerifierSpec.LoadFolder(ScriptFolder.ExampleFolder).Single();

        Assert.Equal("exact_answer", options.Name);
        Assert.Equal(["exact_answer.py"], options.Arguments);
        Assert.Equal(Path.GetFullPath(ScriptFolder.ExampleFolder), options.WorkingDirectory);
        Assert.Equal((TimeSpan.FromSeconds(10), 2), (options.Timeout, options.Concurrency));
    }

    [Fact]
    public async Task A_spec_with_relative_arguments_works_from_any_current_folder()
    {
        using var verifier = new ExternalVerifier(ExternalVerifierSpec.Load(Path.Combine(ScriptFolder.ExampleFolder, "exact_answer.verifier.json")));

        var verdict = await verifier.VerifyAsync(ScriptFolder.Problem(), "<answer>42</answer>", CancellationToken.None);

        Assert.True(verdict.IsCorrect, verdict.Detail);
    }

    [Theory]
    [InlineData("""{"command": "python3"}""", "field 'name': required")]
    [InlineData("""{"name": "x"}""", "field 'command': required")]
    [InlineData("""{"name": "x", "command": "python3", "timeout": 3}""", "field 'timeout': unknown field")]
    [InlineData("""{"name": "x", "command": "python3", "timeout_seconds": 0}""", "field 'timeout_seconds': must be a positive number")]
    [InlineData("""{"name": "x", "command": "python3", "concurrency": 0}""", "field 'concurrency': must be an integer of at least 1")]
    [InlineData("""{"name": "x", "command": "python3", "arguments": "a.py"}""", "field 'arguments': expected an array of strings")]
    [InlineData("""{"name": "x",""", "not valid JSON")]
    public void Mistakes_in_a_spec_name_the_file_and_field(string json, string expected)
    {
        var path = _folder.Write("bad.verifier.json", json);

        var error = Assert.Throws<InputException>(() => ExternalVerifierSpec.Load(path));

        Assert.StartsWith($"{path}: {expected}", error.Message, StringComparison.Ordinal);
    }
}
