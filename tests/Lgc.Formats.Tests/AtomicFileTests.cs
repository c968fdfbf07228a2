using System.Diagnostics;

namespace Lgc.Formats.Tests;

/// <summary>Atomic writes: never a partial or 0-byte leftover after an error, never over a link, folder or
/// device, never over an existing file unless asked; temp files of a killed writer are found and removed.</summary>
public class AtomicFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("lgc-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string[] Leftovers() => Directory.GetFiles(_dir, ".*.tmp");

    [Fact]
    public void AnErrorWhileWritingLeavesNoTempFileAndNoTarget()
    {
        string path = Path.Combine(_dir, "out.png");
        var e = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, s =>
        {
            s.Write(new byte[100]);
            throw new InvalidOperationException("encoder failed");
        }));
        Assert.Equal("encoder failed", e.Message);
        Assert.False(File.Exists(path));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void WithoutOverwriteAnExistingFileIsKept()
    {
        string path = Path.Combine(_dir, "out.lgc");
        File.WriteAllText(path, "precious");
        var e = Assert.Throws<IOException>(() => AtomicFile.WriteAllBytes(path, [1, 2, 3], overwrite: false));
        Assert.Contains("already exists", e.Message);
        Assert.Equal("precious", File.ReadAllText(path));
        Assert.Empty(Leftovers());
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
    }

    [Fact]
    public void ASymbolicLinkIsNeverReplaced()
    {
        string target = Path.Combine(_dir, "target.txt"), link = Path.Combine(_dir, "link.lgc");
        File.WriteAllText(target, "kept");
        File.CreateSymbolicLink(link, target);
        var e = Assert.Throws<IOException>(() => AtomicFile.WriteAllBytes(link, [9], overwrite: true));
        Assert.Contains("symbolic link", e.Message);
        Assert.Equal(FileKind.Symlink, FileKinds.Of(link));
        Assert.Equal("kept", File.ReadAllText(target));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void ADeviceOrAFolderIsNeverWrittenTo()
    {
        Assert.True(OperatingSystem.IsLinux(), "the device case needs /dev/null");
        Assert.Equal(FileKind.Other, FileKinds.Of("/dev/null"));
        Assert.Contains("not a regular file", Assert.Throws<IOException>(() => AtomicFile.WriteAllBytes("/dev/null", [1])).Message);
        Assert.Equal(FileKind.Symlink, FileKinds.Of("/dev/stdout"));
        Assert.Contains("is a folder", Assert.Throws<IOException>(() => AtomicFile.WriteAllBytes(_dir, [1])).Message);
    }

    [Fact]
    public void FileKindsTellAPipeFromAFile()
    {
        string fifo = Path.Combine(_dir, "pipe.png");
        using (var p = Process.Start("mkfifo", [fifo])) p.WaitForExit();
        Assert.Equal(FileKind.Other, FileKinds.Of(fifo));
        Assert.True(File.Exists(fifo)); // what .NET alone says: a file
        string file = Path.Combine(_dir, "f.png");
        File.WriteAllText(file, "x");
        Assert.Equal(FileKind.Regular, FileKinds.Of(file));
        Assert.Equal(FileKind.Directory, FileKinds.Of(_dir));
        Assert.Equal(FileKind.Missing, FileKinds.Of(Path.Combine(_dir, "none")));
        string dangling = Path.Combine(_dir, "dangling");
        File.CreateSymbolicLink(dangling, Path.Combine(_dir, "none"));
        Assert.Equal(FileKind.Symlink, FileKinds.Of(dangling));
        Assert.Equal(FileKind.Missing, FileKinds.OfTarget(dangling));
    }

    [Fact]
    public void StaleTempFilesAreRemovedButALiveWritersAreKept()
    {
        string stale = Path.Combine(_dir, $".a.png.{Guid.NewGuid():N}.tmp");
        string live = Path.Combine(_dir, $".b.png.{Guid.NewGuid():N}.tmp");
        string unrelated = Path.Combine(_dir, ".notes.tmp");
        File.WriteAllBytes(stale, []);
        File.WriteAllText(unrelated, "mine");
        using (var writer = new FileStream(live, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            Assert.Equal(1, AtomicFile.RemoveStaleTemps(_dir));
            Assert.True(File.Exists(live));
        }
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(unrelated));
        Assert.Equal(1, AtomicFile.RemoveStaleTemps(_dir)); // the writer is gone now
        Assert.False(File.Exists(live));
    }
}
