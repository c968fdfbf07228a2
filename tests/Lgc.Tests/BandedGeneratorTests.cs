using Lgc.Formats;
using Lgc.Imaging;
using Lgc.Model;
using Lgc.Tensors;
using Xunit.Abstractions;

namespace Lgc.Tests;

/// <summary>g_s over bands of latent rows gives the whole-image output; a halo one row short does not.</summary>
public class BandedGeneratorTests(ITestOutputHelper log)
{
    // 13 x 7 latents (208 x 112 pixels): not square, and 13 is no multiple of the bands below.
    static Tensor Latents(int m, int h, int w, int seed)
    {
        var rng = new Random(seed);
        var d = new float[m * h * w];
        for (int i = 0; i < d.Length; i++) d[i] = MathF.Round((float)(rng.NextDouble() * 2 - 1) * 6) + 0.25f * (float)rng.NextDouble();
        return new Tensor(d, new Shape(m, h, w));
    }

    static float[] Style(int s, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, s).Select(_ => (float)rng.Next(-3, 4)).ToArray();
    }

    static (double MaxAbs, double Psnr) Compare(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double max = 0, se = 0, peak = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = Math.Abs(a[i] - b[i]);
            max = Math.Max(max, d);
            se += d * d;
            peak = Math.Max(peak, Math.Abs(b[i]));
        }
        double mse = se / a.Length;
        return (max, mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(peak * peak / mse));
    }

    [Theory]
    [InlineData("cpu", 1)]
    [InlineData("cpu", 4)]
    [InlineData("cpu", 5)]
    [InlineData("reference", 3)]
    public void BandsMatchTheWholeImage(string backend, int bandRows)
    {
        var model = LgcModel.Load(Fixtures.TinyModel, Backends.Create(backend));
        var c = model.Config;
        var y = Latents(c.M, 13, 7, seed: 11);
        var s = Style(c.S, seed: 12);
        var whole = model.Generator.Run(y, s);
        var banded = BandedGenerator.Run(model.Generator, y, s, bandRows);
        Assert.Equal(whole.Shape, banded.Shape);
        var (max, psnr) = Compare(banded.Data, whole.Data);
        log.WriteLine($"{backend}, {bandRows} latent rows a band, 208x112: max |banded - whole| = {max:g3}, PSNR {psnr:f1} dB");
        Assert.True(max <= 1e-5, $"max abs diff {max}");
    }

    [Theory]
    [InlineData(0, BandedGenerator.HaloBelow)]
    [InlineData(BandedGenerator.HaloAbove, 1)]
    public void AHaloOneRowShortChangesTheOutput(int above, int below)
    {
        var model = LgcModel.Load(Fixtures.TinyModel, Backends.Create("cpu"));
        var y = Latents(model.Config.M, 13, 7, seed: 21);
        var s = Style(model.Config.S, seed: 22);
        var whole = model.Generator.Run(y, s);
        var (max, _) = Compare(BandedGenerator.Run(model.Generator, y, s, 4, above, below).Data, whole.Data);
        log.WriteLine($"halo {above} above, {below} below: max |banded - whole| = {max:g3}");
        Assert.True(max > 1e-3, $"max abs diff {max}: the halo is larger than it needs to be");
    }

    [Fact]
    public void BandRowsKeepsABandWithinTheBudgetAndSmallImagesWhole()
    {
        var g = LgcModel.Load(Fixtures.TinyModel, Backends.Create("cpu")).Generator;
        var y = new Shape(16, 40, 24);
        long perRow = g.ActivationFloats(y with { H = 1 }) * sizeof(float);
        Assert.Equal(40, BandedGenerator.BandRows(g, y, perRow * 40));
        int rows = BandedGenerator.BandRows(g, y, perRow * 20);
        Assert.Equal(20 - BandedGenerator.HaloAbove - BandedGenerator.HaloBelow, rows);
        Assert.Equal(1, BandedGenerator.BandRows(g, y, 1));
    }

    [Fact]
    public void ACodecOverBudgetDecodesTheSamePixels()
    {
        using var codec = LgcCodec.Load(Fixtures.TinyModel);
        var image = RgbImage.Synthetic(200, 328, seed: 5); // pads to 256 x 384: 16 x 24 latents
        var file = codec.Compress(image).Bytes;
        var whole = codec.Decompress(file);
        codec.GeneratorBudgetBytes = 1; // one latent row a band
        var banded = codec.Decompress(file);
        double psnr = Lgc.Lab.Evaluation.ImageMetrics.Psnr(banded, whole);
        int differing = whole.Pixels.Zip(banded.Pixels).Count(p => p.First != p.Second);
        log.WriteLine($"200x328 decode in 1-row bands vs whole: {differing} of {whole.Pixels.Length} bytes differ, PSNR {psnr:f1} dB");
        Assert.Equal((whole.Width, whole.Height), (banded.Width, banded.Height));
        Assert.True(differing <= whole.Pixels.Length / 10000, $"{differing} bytes differ");
    }

    [Fact]
    public void AModelWithInstanceNormInItsAdaInIsRefused()
    {
        var f = SafeTensorsFile.Load(Fixtures.TinyModel);
        var w = new SafeTensorsWriter();
        foreach (var (k, v) in f.Metadata) w.AddMetadata(k, k == "adain_instance_norm" ? "true" : v);
        foreach (var n in f.Names)
        {
            var info = f.GetInfo(n);
            w.AddRaw(n, info.DType, f.GetBytes(n), info.Shape.ToArray());
        }
        var e = Assert.Throws<LgcException>(() => LgcModel.FromBytes(w.ToBytes(), "norm.safetensors", Backends.Create("cpu")));
        Assert.Contains("adain_instance_norm", e.Message);
    }
}
