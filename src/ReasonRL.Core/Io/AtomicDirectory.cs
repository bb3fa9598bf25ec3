namespace ReasonRL.Core.Io;

/// <summary>
/// Writes a whole folder (a checkpoint) atomically: the files go into a hidden sibling folder that replaces the
/// target with renames only once every file is written. A killed process leaves either the old folder or the
/// new one, never a mix. The one moment with neither under the target name (between the two renames) leaves
/// the old folder under a hidden <c>.old</c> name, which <see cref="Recover"/> (called by every write and by
/// readers that care) moves back.
/// </summary>
public static class AtomicDirectory
{
    public static void Write(string path, Action<string> writeInto)
    {
        var fullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var parent = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(parent);
        var name = Path.GetFileName(fullPath);
        Recover(fullPath);

        var temporary = Path.Combine(parent, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(temporary);
        try
        {
            writeInto(temporary);
        }
        catch
        {
            Directory.Delete(temporary, recursive: true);
            throw;
        }

        if (Directory.Exists(fullPath))
        {
            var retired = Path.Combine(parent, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.old");
            Directory.Move(fullPath, retired);
            Directory.Move(temporary, fullPath);
            Directory.Delete(retired, recursive: true);
        }
        else
        {
            Directory.Move(temporary, fullPath);
        }
    }

    /// <summary>
    /// Restores the previous folder if a write was killed between its two renames, and removes the leftovers of
    /// interrupted writes.
    /// </summary>
    public static void Recover(string path)
    {
        var fullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var parent = Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(parent))
        {
            return;
        }

        var name = Path.GetFileName(fullPath);
        foreach (var stale in Directory.EnumerateDirectories(parent, $".{name}.*"))
        {
            if (stale.EndsWith(".old", StringComparison.Ordinal) && !Directory.Exists(fullPath))
            {
                Directory.Move(stale, fullPath);
            }
            else if (stale.EndsWith(".tmp", StringComparison.Ordinal) || stale.EndsWith(".old", StringComparison.Ordinal))
            {
                Directory.Delete(stale, recursive: true);
            }
        }
    }
}
