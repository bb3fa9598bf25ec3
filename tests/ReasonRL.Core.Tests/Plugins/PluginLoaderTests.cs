using System.Text.Json;
using ReasonRL.Core.Json;
using ReasonRL.Core.Plugins;
using ReasonRL.Core.Records;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;

namespace ReasonRL.Core.Tests.Plugins;

/// <summary>Loads tests/ReasonRL.TestPlugin, which the build copies into the test output's plugins/ folder.</summary>
public sealed class PluginLoaderTests : IDisposable
{
    private static readonly string PluginFolder = Path.Combine(AppContext.BaseDirectory, "plugins");
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-plugins-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Finds_families_and_standalone_verifiers_but_not_a_familys_own_verifier_twice()
    {
        var plugins = PluginLoader.Load(PluginFolder);

        Assert.Equal(["plugin_echo"], plugins.Families.Select(f => f.Name));
        Assert.Equal(["plugin_brevity"], plugins.Verifiers.Select(v => v.Name));
    }

    [Fact]
    public async Task Plugin_families_join_the_registries_and_correctness_dispatches_to_them()
    {
        var families = new TaskFamilyRegistry([]);
        var verifiers = new VerifierRegistry(families, [new FormatVerifier()]);

        PluginLoader.Load(PluginFolder).AddTo(families, verifiers);
        var problem = families.Get("plugin_echo").Generate(new GenerationRequest(1, 1)).Single();
        var verdict = await verifiers.Get(VerifierRegistry.Correctness).VerifyAsync(problem, $"<answer>{problem.Prompt[5..]}</answer>", CancellationToken.None);

        Assert.True(verdict.IsCorrect, verdict.Detail);
        Assert.Contains("plugin_brevity", verifiers.Names);
        Assert.Contains("plugin_echo", verifiers.Names);
    }

    [Fact]
    public void A_name_that_is_taken_is_refused()
    {
        var families = new TaskFamilyRegistry([]);
        var verifiers = new VerifierRegistry(families, []);
        var plugins = PluginLoader.Load(PluginFolder);
        plugins.AddTo(families, verifiers);

        var error = Assert.Throws<InputException>(() => plugins.AddTo(families, verifiers));

        Assert.Equal("plugin task family 'plugin_echo': that name is already taken", error.Message);
    }

    [Fact]
    public void Copies_of_host_assemblies_in_the_folder_are_skipped()
    {
        File.Copy(typeof(IVerifier).Assembly.Location, Path.Combine(_folder, "ReasonRL.Core.dll"));
        File.Copy(Path.Combine(PluginFolder, "ReasonRL.TestPlugin.dll"), Path.Combine(_folder, "ReasonRL.TestPlugin.dll"));

        var plugins = PluginLoader.Load(_folder);

        Assert.Single(plugins.Families);
    }

    [Fact]
    public void A_missing_folder_or_a_file_that_is_not_an_assembly_is_a_user_error()
    {
        File.WriteAllText(Path.Combine(_folder, "native.dll"), "not an assembly");

        Assert.Contains("no such plugin folder", Assert.Throws<InputException>(() => PluginLoader.Load(Path.Combine(_folder, "nope"))).Message, StringComparison.Ordinal);
        Assert.Contains("native.dll: not a .NET assembly", Assert.Throws<InputException>(() => PluginLoader.Load(_folder)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_folder_has_no_plugins()
    {
        var plugins = PluginLoader.Load(_folder);

        Assert.Empty(plugins.Families);
        Assert.Empty(plugins.Verifiers);
    }

    [Fact]
    public void Plugin_problems_serialize_like_any_other()
    {
        var family = PluginLoader.Load(PluginFolder).Families.Single();

        var line = Jsonl.Line(family.Generate(new GenerationRequest(3, 1, Split: Split.Test)).Single());

        using var json = JsonDocument.Parse(line);
        Assert.Equal("test", json.RootElement.GetProperty("split").GetString());
        Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("reference").GetProperty("text").ValueKind);
    }
}
