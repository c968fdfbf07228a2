using Lgc.Imaging;
using SixLabors.ImageSharp;

namespace Lgc.Tests;

/// <summary>decompress writes PNG, JPEG, WebP or BMP: from the output's extension or --format; anything else is one line.</summary>
public class CliFormatTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("lgc-format-").FullName;
    readonly string _lgc;

    public CliFormatTests()
    {
        _lgc = Path.Combine(_dir, "k.lgc");
        var r = CliTests.Run("compress", Fixtures.KodakCrop, "-o", _lgc, "--model", Fixtures.TinyModel);
        Assert.True(r.Code == 0, r.Err);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    static double Psnr(byte[] a, byte[] b)
    {
        double se = 0;
        for (int i = 0; i < a.Length; i++) { double d = a[i] - b[i]; se += d * d; }
        return se == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 * a.Length / se);
    }

    [Theory]
    [InlineData(".png", "PNG", true)]
    [InlineData(".bmp", "BMP", true)]
    [InlineData(".webp", "Webp", true)] // lossless WebP
    [InlineData(".jpg", "JPEG", false)]
    [InlineData(".JPEG", "JPEG", false)]
    public void TheExtensionPicksTheFormat(string ext, string formatName, bool lossless)
    {
        string png = Path.Combine(_dir, "ref.png"), output = Path.Combine(_dir, "out" + ext);
        Assert.Equal(0, CliTests.Run("decompress", _lgc, "-o", png, "--model", Fixtures.TinyModel).Code);
        var r = CliTests.Run("decompress", _lgc, "-o", output, "--model", Fixtures.TinyModel);
        Assert.True(r.Code == 0, r.Err);
        byte[] bytes = File.ReadAllBytes(output);
        Assert.Equal(formatName, Image.DetectFormat(bytes)!.Name, ignoreCase: true);
        var reference = ImageIo.Load(png);
        var decoded = ImageIo.Decode(bytes);
        Assert.Equal((reference.Width, reference.Height), (decoded.Width, decoded.Height));
        if (lossless) Assert.Equal(reference.Pixels, decoded.Pixels);
        else Assert.True(Psnr(reference.Pixels, decoded.Pixels) > 35, "JPEG at quality 95 should stay close to the decode");
    }

    [Fact]
    public void FormatFlagForStdoutAndFolders()
    {
        var png = CliProcess.Run(null, "decompress", _lgc, "-o", "-", "--model", Fixtures.TinyModel);
        Assert.True(png.Code == 0, png.Err);
        Assert.Equal("PNG", Image.DetectFormat(png.Out)!.Name);
        var webp = CliProcess.Run(null, "decompress", _lgc, "-o", "-", "--format", "webp", "--model", Fixtures.TinyModel);
        Assert.True(webp.Code == 0, webp.Err);
        Assert.Equal("Webp", Image.DetectFormat(webp.Out)!.Name);

        string packed = Path.Combine(_dir, "packed"), output = Path.Combine(_dir, "out");
        Directory.CreateDirectory(packed);
        File.Copy(_lgc, Path.Combine(packed, "a.lgc"));
        File.Copy(_lgc, Path.Combine(packed, "b.lgc"));
        var r = CliTests.Run("decompress", packed, "-o", output, "--format", "JPEG", "--model", Fixtures.TinyModel);
        Assert.True(r.Code == 0, r.Err);
        Assert.Equal(["a.jpg", "b.jpg"], Directory.GetFiles(output).Select(f => Path.GetFileName(f)).Order().ToArray());
        Assert.Equal("JPEG", Image.DetectFormat(File.ReadAllBytes(Path.Combine(output, "a.jpg")))!.Name);
    }

    [Fact]
    public void UnknownFormatsAreOneLine()
    {
        var tiff = CliTests.Run("decompress", _lgc, "-o", Path.Combine(_dir, "x.tiff"), "--model", Fixtures.TinyModel);
        CliProcess.AssertOneLineError(tiff.Code, tiff.Err, "unknown output format '.tiff'");
        var gif = CliTests.Run("decompress", _lgc, "-o", Path.Combine(_dir, "x.png"), "--format", "gif", "--model", Fixtures.TinyModel);
        CliProcess.AssertOneLineError(gif.Code, gif.Err, "unknown --format 'gif' (one of png, jpeg, webp, bmp)");
        var clash = CliTests.Run("decompress", _lgc, "-o", Path.Combine(_dir, "x.png"), "--format", "jpeg", "--model", Fixtures.TinyModel);
        CliProcess.AssertOneLineError(clash.Code, clash.Err, "--format jpeg contradicts the extension");
        Assert.Empty(Directory.GetFiles(_dir, "x.*"));
    }
}
