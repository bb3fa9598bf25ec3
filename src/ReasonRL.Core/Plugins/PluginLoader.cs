using System.Reflection;
using System.Runtime.Loader;
using ReasonRL.Core.Tasks;
using ReasonRL.Core.Verification;

namespace ReasonRL.Core.Plugins;

/// <summary>
/// Loads task families and verifiers from the .NET assemblies (<c>*.dll</c>) in a folder: every public, concrete
/// class implementing <see cref="ITaskFamily"/> or <see cref="IVerifier"/> that has a public parameterless
/// constructor is created once. A plugin verifier named like a family of the same folder is taken to be that
/// family's own verifier (made by <see cref="ITaskFamily.CreateVerifier"/>) and is not registered twice.
/// </summary>
/// <remarks>
/// Assemblies the host already contains (ReasonRL.Core, the built-in verifiers, the framework), such as the copies
/// a build output folder holds, are skipped rather than loaded twice. Each plugin gets its own load context (see
/// <see cref="PluginLoadContext"/>). Any failure is an <see cref="InputException"/> naming the file.
/// </remarks>
public static class PluginLoader
{
    public static PluginSet Load(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new InputException($"{folder}: no such plugin folder");
        }

        var hostAssemblies = HostAssemblyNames();
        var families = new List<ITaskFamily>();
        var verifiers = new List<IVerifier>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
        {
            var name = ManagedAssemblyName(path);
            if (hostAssemblies.Contains(name))
            {
                continue;
            }

            var context = new PluginLoadContext(Path.GetFullPath(path), hostAssemblies);
            foreach (var type in PublicTypes(context.LoadFromAssemblyPath(Path.GetFullPath(path)), path))
            {
                if (typeof(ITaskFamily).IsAssignableFrom(type))
                {
                    families.Add((ITaskFamily)Create(type, path));
                }
                else if (typeof(IVerifier).IsAssignableFrom(type))
                {
                    verifiers.Add((IVerifier)Create(type, path));
                }
            }
        }

        var familyNames = families.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return new PluginSet(families, [.. verifiers.Where(v => !familyNames.Contains(v.Name))]);
    }

    private static string ManagedAssemblyName(string path)
    {
        try
        {
            return AssemblyName.GetAssemblyName(path).Name ?? Path.GetFileNameWithoutExtension(path);
        }
        catch (BadImageFormatException)
        {
            throw new InputException($"{path}: not a .NET assembly (a plugin folder holds plugin assemblies and their dependencies)");
        }
    }

    private static IEnumerable<Type> PublicTypes(Assembly assembly, string path)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException)
        {
            var cause = e is ReflectionTypeLoadException load ? load.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message ?? e.Message : e.Message;
            throw new InputException($"{path}: could not load the plugin's types ({cause})", e);
        }

        return types
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
    }

    private static object Create(Type type, string path)
    {
        try
        {
            return Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e)
        {
            throw new InputException($"{path}: creating {type.FullName} failed: {e.InnerException?.Message ?? e.Message}", e);
        }
    }

    /// <summary>The simple names of the assemblies the host application ships (its trusted platform assemblies).</summary>
    private static HashSet<string> HostAssemblyNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
        {
            foreach (var file in list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(Path.GetFileNameWithoutExtension(file));
            }
        }

        foreach (var assembly in AssemblyLoadContext.Default.Assemblies)
        {
            if (assembly.GetName().Name is { } name)
            {
                names.Add(name);
            }
        }

        return names;
    }
}
