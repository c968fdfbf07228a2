using Lgc.Imaging;
using Lgc.Model;
using Lgc.Tensors;

namespace Lgc.Tests;

public class CodecRoundTripTests
{
    internal static RgbImage Synthetic(int w, int h, int seed) => RgbImage.Synthetic(w, h, seed);

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

public class ModelReportTests
{
    [Fact]
    public void MacsAndParametersMatchTheArchitecture()
    {
        using var codec = LgcCodec.Load(Fixtures.TinyModel);
        var rows = ModelReport.Rows(codec.Model, 64, 64).ToDictionary(r => r.Part);
        // tiny: N=8, M=16, S=8. g_a at 64x64: conv0 3->8 at 32², conv1 8->8 at 16², conv2 8->8 at 8², conv3 8->16 at 4²;
        // GDN 8x8 at 32², 16², 8²; h_a: 16->8 3x3 at 4², 8->8 5x5 at 2², 8->8 5x5 at 1²; t_a: like g_a's convs + fc 8x8.
        long ga = 8L * 3 * 25 * 1024 + 8L * 8 * 25 * 256 + 8L * 8 * 25 * 64 + 16L * 8 * 25 * 16 + 64L * (1024 + 256 + 64);
        long ha = 8L * 16 * 9 * 16 + 8L * 8 * 25 * 4 + 8L * 8 * 25 * 1;
        long ta = 8L * 3 * 25 * 1024 + 8L * 8 * 25 * 256 + 8L * 8 * 25 * 64 + 8L * 8 * 25 * 16 + 8 * 8;
        Assert.Equal(ga + ha + ta, rows["encoder"].Macs);
        Assert.Equal(8L * 3 * 25 + 8 + 2 * (8 * 8 * 25 + 8) + 16 * 8 * 25 + 16 + 3 * (8 + 64)
            + (8 * 16 * 9 + 8) + 2 * (8 * 8 * 25 + 8)
            + (8 * 3 * 25 + 8) + 3 * (8 * 8 * 25 + 8) + 8 * 8 + 8, rows["encoder"].Params);
        Assert.True(rows["RGB-input heads (baseline)"].Macs > rows["analysis heads on latents"].Macs);
    }
}
