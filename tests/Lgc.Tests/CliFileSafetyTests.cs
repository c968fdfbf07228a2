using System.Diagnostics;
using Lgc.Imaging;

namespace Lgc.Tests;

/// <summary>Files and folders as hostile input: a folder run never leaves its folder, an output never destroys
/// an input, a link or a device, an existing output is kept unless --force, temp files do not pile up.</summary>
public class CliFileSafetyTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("lgc-files-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static (int Code, string Out, string Err) Lgc(params string[] args) => CliTests.Run(args);

    string Photo(string relative)
    {
        string p = Path.Combine(_dir, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.Copy(Fixtures.KodakCrop, p);
        return p;
    }

    static string[] Outputs(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f)).Order().ToArray();

    [Fact]
    public void ALinkToTheParentFolderIsNotWalked()
    {
        Photo("in/a.png");
        Photo("beside.png"); // above the input folder: must not be compressed
        Directory.CreateSymbolicLink(Path.Combine(_dir, "in", "up"), "..");
        string packed = Path.Combine(_dir, "packed");
        foreach (var follow in new[] { false, true })
        {
            var r = follow ? Lgc("compress", Path.Combine(_dir, "in"), "-o", packed, "--model", Fixtures.TinyModel, "--follow-symlinks", "--force")
                           : Lgc("compress", Path.Combine(_dir, "in"), "-o", packed, "--model", Fixtures.TinyModel);
            Assert.True(r.Code == 0, r.Err);
            Assert.Equal(["a.lgc"], Outputs(packed));
            Assert.Contains("1 symbolic link(s) not followed", r.Err);
        }
    }

    [Fact]
    public void FollowedLinksStayInsideTheFolderAndCyclesEnd()
    {
        Photo("in/sub/b.png");
        Photo("elsewhere/c.png");
        string input = Path.Combine(_dir, "in");
        Directory.CreateSymbolicLink(Path.Combine(input, "sub", "loop"), "..");               // a cycle inside
        Directory.CreateSymbolicLink(Path.Combine(input, "alias"), "sub");                    // the same folder again
        Directory.CreateSymbolicLink(Path.Combine(input, "out"), Path.Combine(_dir, "elsewhere")); // outside
        File.CreateSymbolicLink(Path.Combine(input, "link.png"), Path.Combine("sub", "b.png"));    // a file inside

        string plain = Path.Combine(_dir, "plain"), followed = Path.Combine(_dir, "followed");
        var r = Lgc("compress", input, "-o", plain, "--model", Fixtures.TinyModel);
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal([Path.Combine("sub", "b.lgc")], Outputs(plain));

        r = Lgc("compress", input, "-o", followed, "--model", Fixtures.TinyModel, "--follow-symlinks");
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal(["link.lgc", Path.Combine("sub", "b.lgc")], Outputs(followed));
        Assert.Contains("1 symbolic link(s) not followed", r.Err); // the one leading outside
    }

    [Fact]
    public void TheOutputIsNeverTheInput()
    {
        string self = Photo("self.png");
        byte[] before = File.ReadAllBytes(self);
        foreach (var force in new[] { false, true })
        {
            var r = force ? Lgc("compress", self, "-o", self, "--model", Fixtures.TinyModel, "--force")
                          : Lgc("compress", self, "-o", self, "--model", Fixtures.TinyModel);
            Assert.Equal(1, r.Code);
            Assert.Equal($"lgc: error: output '{self}' is an input of this run; refusing to overwrite it (choose another --output)", r.Err.Trim());
            Assert.Equal(before, File.ReadAllBytes(self));
        }
        // Also through a link to the input, and when another input of a folder run would be overwritten.
        string link = Path.Combine(_dir, "link.png");
        File.CreateSymbolicLink(link, self);
        Assert.Equal(1, Lgc("compress", link, "-o", self, "--model", Fixtures.TinyModel, "--force").Code);
        Assert.Equal(before, File.ReadAllBytes(self));
    }

    [Fact]
    public void AnExistingOutputIsKeptUnlessForced()
    {
        string photo = Photo("k.png"), lgc = Path.Combine(_dir, "k.lgc");
        File.WriteAllText(lgc, "precious");
        var r = Lgc("compress", photo, "-o", lgc, "--model", Fixtures.TinyModel);
        Assert.Equal(1, r.Code);
        Assert.Contains("exists (--force replaces it, --skip-existing skips it)", r.Err);
        Assert.Equal("precious", File.ReadAllText(lgc));

        r = Lgc("compress", photo, "-o", lgc, "--model", Fixtures.TinyModel, "--skip-existing");
        Assert.True(r.Code == 0, r.Err);
        Assert.Contains("skipped", r.Out);
        Assert.Equal("precious", File.ReadAllText(lgc));

        Assert.Equal(1, Lgc("compress", photo, "-o", lgc, "--model", Fixtures.TinyModel, "--skip-existing", "--force").Code);

        r = Lgc("compress", photo, "-o", lgc, "--model", Fixtures.TinyModel, "--force");
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal("LGC", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(lgc)[..3]));
    }

    [Fact]
    public void AFolderRunCountsSkippedFilesAndReportsRefusedOnes()
    {
        Photo("in/a.png");
        Photo("in/b.png");
        Photo("in/c.png");
        string packed = Path.Combine(_dir, "packed");
        Directory.CreateDirectory(packed);
        File.WriteAllText(Path.Combine(packed, "a.lgc"), "precious");
        File.CreateSymbolicLink(Path.Combine(packed, "b.lgc"), Path.Combine(_dir, "in", "a.png"));

        var r = Lgc("compress", Path.Combine(_dir, "in"), "-o", packed, "--model", Fixtures.TinyModel, "--skip-existing");
        Assert.Equal(1, r.Code);
        Assert.Contains("compress: 1 of 3 files done, 1 skipped (output exists), 1 failed", r.Out);
        var errors = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(errors);
        Assert.Contains("b.lgc' is a symbolic link", errors[0]);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(packed, "a.lgc")));
        Assert.True(File.ReadAllBytes(Path.Combine(packed, "c.lgc")).Length > 0);
        Assert.Equal(File.ReadAllBytes(Fixtures.KodakCrop), File.ReadAllBytes(Path.Combine(_dir, "in", "a.png")));
    }

    [Fact]
    public void ALinkAtTheOutputIsNeverReplaced()
    {
        string photo = Photo("k.png"), target = Path.Combine(_dir, "target.txt"), link = Path.Combine(_dir, "k.lgc");
        File.WriteAllText(target, "kept");
        File.CreateSymbolicLink(link, target);
        var r = Lgc("compress", photo, "-o", link, "--model", Fixtures.TinyModel, "--force");
        Assert.Equal(1, r.Code);
        Assert.Equal($"lgc: error: output '{link}' is a symbolic link; refusing to replace it with a file", r.Err.Trim());
        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("kept", File.ReadAllText(target));
    }

    [Fact]
    public void DevicesAndPipesAreNeitherOutputsNorInputs()
    {
        var r = Lgc("compress", Photo("k.png"), "-o", "/dev/null", "--model", Fixtures.TinyModel, "--force");
        Assert.Equal(1, r.Code);
        Assert.Contains("'/dev/null' is not a regular file", r.Err);

        // A pipe named like an image in a folder would block a reader forever: refused on one line, the rest go on.
        Photo("in/a.png");
        using (var p = Process.Start("mkfifo", [Path.Combine(_dir, "in", "pipe.png")])) p.WaitForExit();
        string packed = Path.Combine(_dir, "packed");
        r = Lgc("compress", Path.Combine(_dir, "in"), "-o", packed, "--model", Fixtures.TinyModel);
        Assert.Equal(1, r.Code);
        Assert.Contains("pipe.png' is not a regular file", r.Err);
        Assert.Equal(["a.lgc"], Outputs(packed));
    }

    [Fact]
    public void TempFilesOfAKilledRunAreRemovedOnTheNextRun()
    {
        string packed = Path.Combine(_dir, "packed");
        Directory.CreateDirectory(packed);
        string stale = Path.Combine(packed, $".a.lgc.{Guid.NewGuid():N}.tmp"); // what a killed run leaves
        string live = Path.Combine(packed, $".b.lgc.{Guid.NewGuid():N}.tmp");  // another run still writing
        string other = Path.Combine(packed, ".notes.tmp");                      // not ours
        File.WriteAllBytes(stale, []);
        File.WriteAllText(other, "mine");
        Photo("in/a.png");
        using (new FileStream(live, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            var r = Lgc("compress", Path.Combine(_dir, "in"), "-o", packed, "--model", Fixtures.TinyModel);
            Assert.True(r.Code == 0, r.Err);
            Assert.Contains("removed 1 temporary file(s)", r.Err);
        }
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(other));
        Assert.Empty(Directory.GetFiles(packed, ".a.lgc.*"));
    }

    [Fact]
    public void ATruncatedJpegIsRefusedUnlessAllowed()
    {
        string input = Path.Combine(_dir, "in");
        Directory.CreateDirectory(input);
        using (var img = SixLabors.ImageSharp.Image.Load(Fixtures.KodakCrop))
        {
            using var ms = new MemoryStream();
            SixLabors.ImageSharp.ImageExtensions.SaveAsJpeg(img, ms);
            File.WriteAllBytes(Path.Combine(input, "cut.jpg"), ms.ToArray()[..(int)(ms.Length / 2)]);
        }
        Photo("in/whole.png");
        string packed = Path.Combine(_dir, "packed");
        var r = Lgc("compress", input, "-o", packed, "--model", Fixtures.TinyModel);
        Assert.Equal(1, r.Code);
        Assert.Equal($"lgc: error: {Path.Combine(input, "cut.jpg")}: '{Path.Combine(input, "cut.jpg")}' is truncated (its image data is cut short, with no end-of-image marker): refusing a partially decoded image (--allow-truncated accepts it)",
            r.Err.Trim());
        Assert.Equal(["whole.lgc"], Outputs(packed));

        r = Lgc("compress", Path.Combine(input, "cut.jpg"), "-o", Path.Combine(packed, "cut.lgc"), "--model", Fixtures.TinyModel, "--allow-truncated");
        Assert.True(r.Code == 0, r.Err);
        Assert.StartsWith("lgc: warning: ", r.Err);
        Assert.Contains("truncated", r.Err);
        Assert.True(File.Exists(Path.Combine(packed, "cut.lgc")));
    }

    [Fact]
    public void DecompressAndAnalyzeKeepExistingOutputsToo()
    {
        string lgc = Path.Combine(_dir, "k.lgc"), png = Path.Combine(_dir, "k.png");
        Assert.Equal(0, Lgc("compress", Fixtures.KodakCrop, "-o", lgc, "--model", Fixtures.TinyModel).Code);
        File.WriteAllText(png, "precious");
        Assert.Equal(1, Lgc("decompress", lgc, "-o", png, "--model", Fixtures.TinyModel).Code);
        Assert.Equal("precious", File.ReadAllText(png));
        Assert.Equal(0, Lgc("decompress", lgc, "-o", png, "--model", Fixtures.TinyModel, "--force").Code);
        Assert.Equal(256, ImageIo.Load(png).Width);

        string json = Path.Combine(_dir, "a.json");
        File.WriteAllText(json, "precious");
        var r = Lgc("analyze", lgc, "--attributes", json, "--mask", Path.Combine(_dir, "m.png"), "--model", Fixtures.TinyModel);
        Assert.Equal(1, r.Code);
        Assert.Equal("precious", File.ReadAllText(json));
        Assert.False(File.Exists(Path.Combine(_dir, "m.png"))); // refused before any output was written
        r = Lgc("analyze", lgc, "--attributes", lgc, "--model", Fixtures.TinyModel);
        Assert.Equal(1, r.Code);
        Assert.Contains("is an input of this run", r.Err);
    }

    [Fact]
    public void ABadFileTimeoutIsAOneLineError()
    {
        var r = Lgc("compress", Fixtures.KodakCrop, "-o", Path.Combine(_dir, "k.lgc"), "--model", Fixtures.TinyModel, "--file-timeout", "-1");
        Assert.Equal(1, r.Code);
        Assert.Equal("lgc: error: --file-timeout must be a number of seconds >= 0 (0: no limit), not -1", r.Err.Trim());
    }
}
