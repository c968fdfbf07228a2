using Lgc.Formats;
using Lgc.Imaging;
using Lgc.Model;
using Lgc.Tensors;

namespace Lgc.Tests;

/// <summary>
/// Compress then decompress a Kodak crop in the engine and compare with PyTorch's decode of the same
/// model (tools/kodak_parity.py): bit-identical symbols, reconstruction PSNR ≥ 50 dB.
/// Runs for every model that has a `*_kodim23_symbols.safetensors` fixture.
/// </summary>
public class KodakEndToEndTests
{
    public static TheoryData<string> Cases()
    {
        var d = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(Fixtures.Dir, "*_kodim23_symbols.safetensors").Order())
            d.Add(Path.GetFileName(f));
        return d;
    }

    static string ModelPath(string name)
    {
        foreach (var dir in new[] { Fixtures.Dir, Path.Combine(AppContext.BaseDirectory, "weights") })
            if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        throw new FileNotFoundException($"model {name} of a Kodak fixture is neither in tests/fixtures nor in weights/");
    }

    [Theory, MemberData(nameof(Cases))]
    public void EngineReproducesPyTorch(string symbolsFile)
    {
        var sym = SafeTensorsFile.Load(Path.Combine(Fixtures.Dir, symbolsFile));
        using var codec = LgcCodec.Load(ModelPath(sym.Metadata["model"]));
        var img = ImageIo.Load(Fixtures.KodakCrop);
        var res = codec.Compress(img);

        int pw = RgbImage.PadTo64(img.Width), ph = RgbImage.PadTo64(img.Height);
        var t = codec.Trace(new Tensor(img.ToPlanar(pw, ph), new Shape(3, ph, pw)), decode: false);
        Assert.Equal(sym.GetInt32("z_hat"), t.ZHat);
        Assert.Equal(sym.GetInt32("y_sym"), t.YSym);
        if (codec.Config.HasTexture) Assert.Equal(sym.GetInt32("s_hat"), t.StyleHat);
        // The shipped models' h_s runs on the int32 path for this image, and the int64 path gives the same integers.
        Assert.Equal(3, t.Hyper.Int32Layers);
        HyperSynthesis.Output wide;
        try { FixedPointConv.ForceInt64 = true; wide = codec.Model.HyperSynthesis.Run(t.ZHat, t.Z.Shape); }
        finally { FixedPointConv.ForceInt64 = false; }
        Assert.Equal(0, wide.Int32Layers);
        Assert.Equal(wide.Raw, t.Hyper.Raw);

        var decoded = codec.Decompress(res.Bytes);
        var torch = ImageIo.Load(Path.Combine(Fixtures.Dir, symbolsFile.Replace("_symbols.safetensors", "_torch.png")));
        double psnr = Psnr(decoded.Pixels, torch.Pixels);
        Assert.True(psnr >= 50, $"PSNR engine vs PyTorch {psnr:F2} dB < 50 dB");
    }

    internal static double Psnr(byte[] a, byte[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double se = 0;
        for (int i = 0; i < a.Length; i++) { double d = a[i] - b[i]; se += d * d; }
        return se == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / (se / a.Length));
    }
}
