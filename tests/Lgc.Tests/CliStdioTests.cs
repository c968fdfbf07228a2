using System.Text.Json;
using Lgc.Imaging;

namespace Lgc.Tests;

/// <summary>`-` for stdin and stdout: real pipes between lgc processes, content told by its bytes, the lines for
/// people on stderr whenever stdout carries data.</summary>
public class CliStdioTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("lgc-stdio-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static byte[] Kodak => File.ReadAllBytes(Fixtures.KodakCrop);

    /// <summary>What the same file gives when compressed from a file to a file.</summary>
    (byte[] Lgc, RgbImage Decoded) ByFiles()
    {
        string lgc = Path.Combine(_dir, "byfile.lgc"), png = Path.Combine(_dir, "byfile.png");
        Assert.Equal(0, CliTests.Run("compress", Fixtures.KodakCrop, "-o", lgc, "--model", Fixtures.TinyModel).Code);
        Assert.Equal(0, CliTests.Run("decompress", lgc, "-o", png, "--model", Fixtures.TinyModel).Code);
        return (File.ReadAllBytes(lgc), ImageIo.Load(png));
    }

    [Fact]
    public void AShellPipelineCompressesAndDecodes()
    {
        var r = CliProcess.Shell($"cat '{Fixtures.KodakCrop}' | lgc compress - -o - --model '{Fixtures.TinyModel}' " +
                                 $"| lgc decompress - -o x.png --model '{Fixtures.TinyModel}'", _dir);
        Assert.True(r.Code == 0, r.Err);
        Assert.Matches(@"stdout: \d+ bytes, [0-9.]+ bpp", r.Err); // compress's line went to stderr, not into the pipe
        Assert.Contains("x.png: 256x256 PNG", r.Out);
        var piped = ImageIo.Load(Path.Combine(_dir, "x.png"));
        Assert.Equal(ByFiles().Decoded.Pixels, piped.Pixels);
    }

    [Fact]
    public void StdoutCarriesOnlyTheData()
    {
        var expected = ByFiles();
        var c = CliProcess.Run(Kodak, "compress", "-", "-o", "-", "--model", Fixtures.TinyModel);
        Assert.True(c.Code == 0, c.Err);
        Assert.Equal(expected.Lgc, c.Out);
        Assert.Contains($"stdout: {expected.Lgc.Length} bytes", c.Err);

        // stdin without -o writes to stdout as well.
        var d = CliProcess.Run(c.Out, "decompress", "-", "--model", Fixtures.TinyModel);
        Assert.True(d.Code == 0, d.Err);
        Assert.Equal(expected.Decoded.Pixels, ImageIo.Decode(d.Out).Pixels);
        Assert.Contains("stdout: 256x256 PNG", d.Err);

        // A file to stdout, and stdout back to a file.
        var f = CliProcess.Run(null, "compress", Fixtures.KodakCrop, "-o", "-", "--model", Fixtures.TinyModel);
        Assert.Equal(expected.Lgc, f.Out);
        string png = Path.Combine(_dir, "from_stdin.png");
        var g = CliProcess.Run(expected.Lgc, "decompress", "-", "-o", png, "--model", Fixtures.TinyModel);
        Assert.True(g.Code == 0, g.Err);
        Assert.Equal(expected.Decoded.Pixels, ImageIo.Load(png).Pixels);
    }

    [Fact]
    public void AnalyzeAndInfoReadStdin()
    {
        var lgc = ByFiles().Lgc;
        var a = CliProcess.Run(lgc, "analyze", "-", "--model", Fixtures.TinyModel);
        Assert.True(a.Code == 0, a.Err);
        var doc = JsonDocument.Parse(a.Out).RootElement;
        Assert.Equal("latents", doc.GetProperty("source").GetString());
        Assert.Equal(40, doc.GetProperty("attributes").GetArrayLength());
        Assert.Contains("stdin (from latents)", a.Err);

        string mask = Path.Combine(_dir, "m.png");
        var img = CliProcess.Run(Kodak, "analyze", "-", "--mask", mask, "--model", Fixtures.TinyModel);
        Assert.True(img.Code == 0, img.Err);
        Assert.Equal("rgb", JsonDocument.Parse(img.Out).RootElement.GetProperty("source").GetString());
        Assert.True(File.Exists(mask));

        var i = CliProcess.Run(lgc, "info", "-");
        Assert.True(i.Code == 0, i.Err);
        Assert.Contains($"total        {lgc.Length} bytes", System.Text.Encoding.UTF8.GetString(i.Out));
    }

    [Fact]
    public void TheWrongStdinIsOneLine()
    {
        var lgc = ByFiles().Lgc;
        byte[] text = "hello, not an image\n"u8.ToArray();
        foreach (var (cmd, ext) in new[] { ("compress", "lgc"), ("decompress", "png"), ("analyze", "json") })
        {
            var r = CliProcess.Run(text, cmd, "-", "-o", Path.Combine(_dir, "out." + ext), "--model", Fixtures.TinyModel);
            CliProcess.AssertOneLineError(r.Code, r.Err, "stdin is neither an image nor an .lgc file");
            var empty = CliProcess.Run([], cmd, "-", "-o", Path.Combine(_dir, "out." + ext), "--model", Fixtures.TinyModel);
            CliProcess.AssertOneLineError(empty.Code, empty.Err, "stdin is empty");
        }
        var c = CliProcess.Run(lgc, "compress", "-", "-o", Path.Combine(_dir, "x.lgc"), "--model", Fixtures.TinyModel);
        CliProcess.AssertOneLineError(c.Code, c.Err, "stdin holds an .lgc file, not an image");
        var d = CliProcess.Run(Kodak, "decompress", "-", "-o", Path.Combine(_dir, "x.png"), "--model", Fixtures.TinyModel);
        CliProcess.AssertOneLineError(d.Code, d.Err, "stdin holds an image, not an .lgc file");
        Assert.Empty(Directory.GetFiles(_dir, "x.*"));
    }

    [Fact]
    public void DashIsOneInputAndOneOutput()
    {
        string folder = Path.Combine(_dir, "in");
        Directory.CreateDirectory(folder);
        File.Copy(Fixtures.KodakCrop, Path.Combine(folder, "a.png"));
        var two = CliProcess.Run(Kodak, "compress", "-", Fixtures.KodakCrop, "--model", Fixtures.TinyModel);
        CliProcess.AssertOneLineError(two.Code, two.Err, "'-' (stdin) must be the only input");
        var many = CliProcess.Run(null, "compress", folder, "-o", "-", "--model", Fixtures.TinyModel);
        CliProcess.AssertOneLineError(many.Code, many.Err, "-o - (stdout) takes one input file");
        var json = CliProcess.Run(Kodak, "compress", "-", "-o", "-", "--json", "--model", Fixtures.TinyModel);
        CliProcess.AssertOneLineError(json.Code, json.Err, "--json writes to stdout");
        Assert.Empty(json.Out);
    }
}
