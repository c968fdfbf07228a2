using Lgc.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Lgc.Tests;

/// <summary>Cut image files, made from the Kodak crop in every format lgc reads: ImageSharp decodes most of them
/// silently (a JPEG cut in half comes back grey-filled), so ImageIo must find the cut itself.</summary>
public class ImageTruncationTests
{
    static readonly Lazy<Image<Rgb24>> Kodak = new(() => Image.Load<Rgb24>(Fixtures.KodakCrop));

    public static TheoryData<string> Formats => ["png", "jpg", "gif", "bmp", "tga", "tif", "webp"];

    static byte[] Encode(string format)
    {
        using var ms = new MemoryStream();
        var img = Kodak.Value;
        switch (format)
        {
            case "png": img.SaveAsPng(ms); break;
            case "jpg": img.SaveAsJpeg(ms); break;
            case "gif": img.SaveAsGif(ms); break;
            case "bmp": img.SaveAsBmp(ms); break;
            case "tga": img.SaveAsTga(ms); break;
            case "tif": img.SaveAsTiff(ms); break;
            case "webp": img.SaveAsWebp(ms); break;
        }
        return ms.ToArray();
    }

    /// <summary>The shortest cut that loses data: ImageSharp pads a TIFF to an even length, its last byte is no data.</summary>
    static int LastByteCut(byte[] file, string format) => file.Length - (format == "tif" ? 2 : 1);

    [Theory, MemberData(nameof(Formats))]
    public void TheWholeFileDecodes(string format)
    {
        var img = ImageIo.Decode(Encode(format), "whole." + format);
        Assert.Equal((256, 256), (img.Width, img.Height));
    }

    [Theory, MemberData(nameof(Formats))]
    public void EveryCutIsRefusedByDefault(string format)
    {
        byte[] file = Encode(format);
        foreach (int n in new[] { file.Length / 2, file.Length * 9 / 10, LastByteCut(file, format) })
        {
            var e = Assert.ThrowsAny<LgcException>(() => ImageIo.Decode(file[..n], "cut." + format));
            Assert.Contains("cut." + format, e.Message);
            Assert.Contains("truncated", e.Message);
        }
    }

    [Fact]
    public void AJpegCutInHalfIsWhatImageSharpDecodesSilently()
    {
        // Why the walk exists: without it this file would be compressed as a half-grey photo.
        byte[] cut = Encode("jpg")[..(Encode("jpg").Length / 2)];
        using var decoded = Image.Load<Rgb24>(cut);
        Assert.Equal(256, decoded.Height);
        var e = Assert.Throws<TruncatedImageException>(() => ImageIo.Decode(cut, "half.jpg"));
        Assert.Contains("end-of-image", e.Message);
    }

    [Theory, MemberData(nameof(Formats))]
    public void AllowTruncatedDecodesWithAWarning(string format)
    {
        byte[] file = Encode(format);
        var warnings = new List<string>();
        try
        {
            var img = ImageIo.Decode(file[..LastByteCut(file, format)], "cut." + format, allowTruncated: true, warnings.Add);
            Assert.Equal((256, 256), (img.Width, img.Height));
        }
        catch (LgcException e) when (e is not TruncatedImageException)
        {
            Assert.Contains("could not be decoded", e.Message); // some cuts the decoder itself cannot read
        }
        Assert.Single(warnings);
        Assert.Contains("truncated", warnings[0]);
    }

    [Fact]
    public void BytesAfterTheEndMarkerAreNotATruncation()
    {
        // Cameras and editors append data after JPEG's EOI and PNG's IEND.
        foreach (var format in new[] { "jpg", "png" })
        {
            byte[] file = [.. Encode(format), .. "trailing metadata"u8];
            Assert.Equal(256, ImageIo.Decode(file, "extra." + format).Width);
        }
    }

    [Fact]
    public void ARealKodakJpegCutAnywhereAfterItsHeaderIsFound()
    {
        byte[] file = Encode("jpg");
        for (int n = 700; n < file.Length; n += 97)
            Assert.Throws<TruncatedImageException>(() => ImageIo.Decode(file[..n], "cut.jpg"));
    }
}
