using Lgc.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Lgc.Tests;

public class ImageIoTests
{
    static byte[] Png<TPixel>(int w, int h, Func<int, int, TPixel> px) where TPixel : unmanaged, IPixel<TPixel>
    {
        using var img = new Image<TPixel>(w, h);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img[x, y] = px(x, y);
        using var ms = new MemoryStream();
        img.SaveAsPng(ms);
        return ms.ToArray();
    }

    static byte[] Px(RgbImage img, int x, int y) => img.Pixels.AsSpan((y * img.Width + x) * 3, 3).ToArray();

    [Fact]
    public void AlphaIsDropped()
    {
        var img = ImageIo.Decode(Png(5, 3, (x, y) => new Rgba32((byte)(10 * x), (byte)(20 * y), 7, (byte)(x * 50))));
        Assert.Equal((5, 3), (img.Width, img.Height));
        Assert.Equal(new byte[] { 40, 40, 7 }, Px(img, 4, 2));
    }

    [Fact]
    public void GrayscaleIsExpanded()
    {
        var img = ImageIo.Decode(Png(4, 4, (x, y) => new L8((byte)(x * 60 + y))));
        Assert.Equal(new byte[] { 121, 121, 121 }, Px(img, 2, 1));
    }

    [Fact]
    public void SixteenBitPngIsReducedTo8Bits()
    {
        var img = ImageIo.Decode(Png(3, 2, (x, y) => new Rgb48((ushort)(x * 0x4000), 0xFFFF, 0)));
        Assert.Equal(new byte[] { 0x80, 0xFF, 0 }, img.Pixels[6..9]);
    }

    [Fact]
    public void NonImageIsRefusedByName()
    {
        var e = Assert.Throws<LgcException>(() => ImageIo.Decode("hello, not an image"u8.ToArray(), "notes.txt"));
        Assert.Contains("notes.txt", e.Message);
    }

    [Fact]
    public void TruncatedPngIsRefused()
    {
        var png = Png(64, 64, (x, y) => new Rgb24((byte)x, (byte)y, 3));
        var e = Assert.ThrowsAny<LgcException>(() => ImageIo.Decode(png[..(png.Length / 2)], "cut.png"));
        Assert.Contains("cut.png", e.Message);
    }

    [Fact]
    public void ImagesAboveThePixelLimitAreRefusedBeforeDecoding()
    {
        // A 1-pixel-high PNG that claims a huge width: Identify reads only the header.
        var png = Png(1, 1, (x, y) => new Rgb24(1, 2, 3));
        // IHDR width is at bytes 16..19 (big-endian); patch it to 20000 x 1000 and its CRC:
        // the size check must fire before the (now invalid) data is decoded.
        var big = (byte[])png.Clone();
        BitConverterBE(big, 16, 20000);
        BitConverterBE(big, 20, 1000);
        BitConverterBE(big, 29, (int)System.IO.Hashing.Crc32.HashToUInt32(big.AsSpan(12, 17)));
        var e = Assert.Throws<LgcException>(() => ImageIo.Decode(big, "huge.png"));
        Assert.Contains("limit", e.Message);
    }

    static void BitConverterBE(byte[] b, int at, int v)
    {
        b[at] = (byte)(v >> 24); b[at + 1] = (byte)(v >> 16); b[at + 2] = (byte)(v >> 8); b[at + 3] = (byte)v;
    }

    [Fact]
    public void PaddingReplicatesEdgesAndCropRestoresExactly()
    {
        var img = new RgbImage(70, 5);
        new Random(1).NextBytes(img.Pixels);
        int pw = RgbImage.PadTo64(70), ph = RgbImage.PadTo64(5);
        Assert.Equal((128, 64), (pw, ph));
        var planar = img.ToPlanar(pw, ph);
        // right edge replicated
        Assert.Equal(img.Pixels[(3 * 70 + 69) * 3] / 255f, planar[3 * pw + 100]);
        // bottom edge replicated
        Assert.Equal(img.Pixels[(4 * 70 + 10) * 3 + 2] / 255f, planar[2 * pw * ph + 40 * pw + 10]);
        var back = RgbImage.FromPlanar(planar, pw, ph, 70, 5);
        Assert.Equal(img.Pixels, back.Pixels);
    }

    [Fact]
    public void FromPlanarClampsAndMapsNaNToZero()
    {
        var x = new float[3 * 64 * 64];
        x[0] = -3f; x[1] = 7f; x[2] = float.NaN; x[3] = 0.5f;
        var img = RgbImage.FromPlanar(x, 64, 64, 64, 64);
        Assert.Equal(0, img.Pixels[0]);
        Assert.Equal(255, img.Pixels[3]);
        Assert.Equal(0, img.Pixels[6]);
        Assert.Equal(128, img.Pixels[9]); // 127.5 rounds half-even to 128
    }
}
