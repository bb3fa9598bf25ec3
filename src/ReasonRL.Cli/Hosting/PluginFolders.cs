using Microsoft.Extensions.Logging;
using ReasonRL.Cli.CommandLine;
using ReasonRL.Core;
using ReasonRL.Core.Plugins;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;
using ReasonRL.Verifiers.External;

namespace ReasonRL.Cli.Hosting;

/// <summary>
/// Adds what a plugin folder holds to this process's registries: task families and verifiers from .NET assemblies
/// (<c>*.dll</c>, see <see cref="PluginLoader"/>) and external verifier programs (<c>*.verifier.json</c>, see
/// <see cref="ExternalVerifierSpec"/>). It owns the external processes and stops them when the host ends.
/// </summary>
internal sealed class PluginFolders(TaskFamilyRegistry families, VerifierRegistry verifiers, ILogger<PluginFolders> logger) : IDisposable
{
    /// <summary>The option that names a plugin folder, shared by the verbs that use families or verifiers.</summary>
    public static OptionSpec Option { get; } = new(
        "plugins",
        "plugin folder: .NET assemblies (*.dll) with task families or verifiers, and external verifier programs (*.verifier.json)",
        ValueName: "DIR");

    private readonly List<ExternalVerifier> _external = [];

    /// <summary>Loads the folder named by <c>--plugins</c>, if any.</summary>
    public void LoadFrom(ParsedArguments arguments)
    {
        if (arguments.String(Option.Name) is { } folder)
        {
            Load(folder);
        }
    }

    public void Load(string folder)
    {
        var plugins = PluginLoader.Load(folder);
        plugins.AddTo(families, verifiers);
        foreach (var options in ExternalVerifierSpec.LoadFolder(folder))
        {
            if (verifiers.Contains(options.Name))
            {
                throw new InputException($"external verifier '{options.Name}' ({folder}): that name is already taken");
            }

            var verifier = new ExternalVerifier(options);
            _external.Add(verifier);
            verifiers.Add(verifier);
        }

        logger.LogDebug(
            "Plugins from {Folder}: families {Families}; verifiers {Verifiers}; external {External}",
            folder, plugins.Families.Select(f => f.Name), plugins.Verifiers.Select(v => v.Name), _external.Select(v => v.Name));
    }

    public void Dispose()
    {
        foreach (var verifier in _external)
        {
            verifier.Dispose();
        }
    }
}
