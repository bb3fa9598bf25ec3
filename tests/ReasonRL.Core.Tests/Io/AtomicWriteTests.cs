using ReasonRL.Core.Io;

namespace ReasonRL.Core.Tests.Io;

public sealed class AtomicWriteTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("reasonrl-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_failed_file_write_leaves_the_previous_content_and_no_temporary_file()
    {
        var path = Path.Combine(_folder, "out.jsonl");
        AtomicFile.WriteAllText(path, "old");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("half"u8);
            throw new InvalidOperationException("disk on fire");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void A_directory_write_replaces_the_whole_folder()
    {
        var path = Path.Combine(_folder, "checkpoint");
        AtomicDirectory.Write(path, dir => File.WriteAllText(Path.Combine(dir, "a.txt"), "1"));
        AtomicDirectory.Write(path, dir => File.WriteAllText(Path.Combine(dir, "b.txt"), "2"));

        Assert.Equal(["b.txt"], Directory.GetFiles(path).Select(Path.GetFileName));
        Assert.Single(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void A_failed_directory_write_keeps_the_old_folder()
    {
        var path = Path.Combine(_folder, "checkpoint");
        AtomicDirectory.Write(path, dir => File.WriteAllText(Path.Combine(dir, "a.txt"), "1"));

        Assert.Throws<IOException>(() => AtomicDirectory.Write(path, dir =>
        {
            File.WriteAllText(Path.Combine(dir, "partial.bin"), "x");
            throw new IOException("killed");
        }));

        Assert.Equal(["a.txt"], Directory.GetFiles(path).Select(Path.GetFileName));
        Assert.Single(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void Recover_restores_a_folder_retired_by_an_interrupted_write()
    {
        // The state a kill between the two renames leaves: the old folder under its hidden name, the new one unfinished.
        var path = Path.Combine(_folder, "checkpoint");
        var retired = Path.Combine(_folder, ".checkpoint.123.abc.old");
        Directory.CreateDirectory(retired);
        File.WriteAllText(Path.Combine(retired, "model.safetensors"), "weights");
        Directory.CreateDirectory(Path.Combine(_folder, ".checkpoint.123.def.tmp"));

        AtomicDirectory.Recover(path);

        Assert.Equal("weights", File.ReadAllText(Path.Combine(path, "model.safetensors")));
        Assert.Single(Directory.GetFileSystemEntries(_folder));
    }
}
