using System.Text.RegularExpressions;

namespace ReasonRL.Verifiers.Code.Sandbox;

/// <summary>
/// Finds the Python interpreter explicitly instead of trusting <c>PATH</c>: a pyenv shim there costs ~140 ms per
/// launch against ~15 ms for the system binary, and a shell-script shim cannot run inside the sandbox at all.
/// </summary>
public static partial class PythonLocator
{
    /// <summary>
    /// <paramref name="configured"/> when given (it must be an interpreter binary, not a script); otherwise the
    /// newest <c>python3.N</c> in <paramref name="systemDirectory"/>, then its <c>python3</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No usable interpreter; the message says how to configure one.</exception>
    public static string Find(string? configured, string systemDirectory = "/usr/bin")
    {
        if (configured is not null)
        {
            if (!File.Exists(configured))
            {
                throw new InvalidOperationException($"python interpreter '{configured}' does not exist");
            }

            var resolved = Resolve(configured);
            if (IsScript(resolved))
            {
                throw new InvalidOperationException(
                    $"'{configured}' is a script (a pyenv shim?), not an interpreter; configure the real binary, e.g. the output of 'pyenv which python3'");
            }

            return configured;
        }

        if (Directory.Exists(systemDirectory))
        {
            var newest = Directory.EnumerateFiles(systemDirectory, "python3.*")
                .Select(path => (path, match: VersionedName().Match(Path.GetFileName(path))))
                .Where(c => c.match.Success && !IsScript(Resolve(c.path)))
                .OrderByDescending(c => int.Parse(c.match.Groups[1].Value))
                .Select(c => c.path)
                .FirstOrDefault();
            if (newest is not null)
            {
                return newest;
            }

            var plain = Path.Combine(systemDirectory, "python3");
            if (File.Exists(plain) && !IsScript(Resolve(plain)))
            {
                return plain;
            }
        }

        throw new InvalidOperationException(
            $"no python3 interpreter in {systemDirectory}; install python3 or set the code verifier's python_path");
    }

    /// <summary>The file a path finally points at, through any symbolic links.</summary>
    public static string Resolve(string path) =>
        File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);

    private static bool IsScript(string path)
    {
        Span<byte> start = stackalloc byte[2];
        using var file = File.OpenRead(path);
        return file.Read(start) == 2 && start[0] == '#' && start[1] == '!';
    }

    [GeneratedRegex(@"^python3\.(\d+)$")]
    private static partial Regex VersionedName();
}
