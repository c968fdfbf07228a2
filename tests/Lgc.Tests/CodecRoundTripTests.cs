using Lgc.Imaging;
using Lgc.Model;
using Lgc.Tensors;

namespace Lgc.Tests;

public class CodecRoundTripTests
{
    internal static RgbImage Synthetic(int w, int h, int seed)
    {
        var img = new RgbImage(w, h);
        var rnd = new Random(seed);
        double fx = rnd.NextDouble() * 0.2, fy = rnd.NextDouble() * 0.2;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    img.Pixels[(y * w + x) * 3 + c] = (byte)Math.Clamp(128 + 100 * Math.Sin(fx * x + fy * y + c) + rnd.Next(-10, 10), 0, 255);
        return img;
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(70, 50)]   // not multiples of 64: padded, then cropped back exactly
    [InlineData(130, 193)]
    public void DecodeGivesTheEncodersReconstructionAtTheOriginalSize(int w, int h)
    {
        using var codec = LgcCodec.Load(Fixtures.TinyModel);
        var img = Synthetic(w, h, w * 31 + h);
        var res = codec.Compress(img);
        Assert.Equal(res.Bytes.Length, res.HeaderBytes + res.HyperBytes + res.LatentBytes + res.TextureBytes);

        var back = codec.Decompress(res.Bytes);
        Assert.Equal((w, h), (back.Width, back.Height));

        int pw = RgbImage.PadTo64(w), ph = RgbImage.PadTo64(h);
        var t = codec.Trace(new Tensor(img.ToPlanar(pw, ph), new Shape(3, ph, pw)));
        Assert.Equal(t.YHat.Data, codec.DecodeBase(res.Bytes).Data); // entropy decoding is lossless
        var expected = RgbImage.FromPlanar(t.XHat.Data, pw, ph, w, h);
        Assert.Equal(expected.Pixels, back.Pixels);
    }

    [Fact]
    public void FilesDecodeIdenticallyOnEveryBackend()
    {
        var img = Synthetic(96, 80, 5);
        using var cpu = LgcCodec.Load(Fixtures.TinyModel, "cpu");
        using var reference = LgcCodec.Load(Fixtures.TinyModel, "reference");
        byte[] file = cpu.Compress(img).Bytes;
        // The base layer decodes to bit-identical latents (integer hyper-synthesis); pixels agree to float rounding.
        Assert.Equal(cpu.DecodeBase(file).Data, reference.DecodeBase(file).Data);
        var a = cpu.Decompress(file).Pixels;
        var b = reference.Decompress(file).Pixels;
        Assert.True(a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= 1), "pixels differ by more than 1 level");
    }

    [Fact]
    public void InfoReportsLayersThatAddUpToTheFile()
    {
        using var codec = LgcCodec.Load(Fixtures.TinyModel);
        var res = codec.Compress(Synthetic(64, 64, 1));
        var info = LgcCodec.Inspect(res.Bytes);
        Assert.Equal(res.Bytes.Length, info.File.TotalBytes);
        Assert.Equal(codec.Model.ModelId, info.ModelId);
        Assert.True(info.Synthesized);
        Assert.Equal(3, info.File.Directory.Count);
        string text = info.Describe();
        Assert.Contains("texture", text);
        Assert.Contains("bpp", text);
    }
}
