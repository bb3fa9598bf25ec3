using System.Reflection;
using System.Runtime.Loader;

namespace ReasonRL.Core.Plugins;

/// <summary>
/// The load context of one plugin assembly. Every assembly the host already has (ReasonRL.Core, the framework)
/// comes from the host, so the plugin's <see cref="Tasks.ITaskFamily"/> is the host's type; the plugin's own
/// dependencies come from its deps.json or, failing that, from its folder.
/// </summary>
internal sealed class PluginLoadContext(string pluginPath, ISet<string> hostAssemblies)
    : AssemblyLoadContext($"plugin:{Path.GetFileName(pluginPath)}")
{
    private readonly AssemblyDependencyResolver _resolver = new(pluginPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || hostAssemblies.Contains(assemblyName.Name))
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            var sibling = Path.Combine(Path.GetDirectoryName(pluginPath)!, assemblyName.Name + ".dll");
            path = File.Exists(sibling) ? sibling : null;
        }

        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
