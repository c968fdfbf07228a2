using Lgc.Formats;
using Lgc.Imaging;

namespace Lgc.Tests;

/// <summary>A broken --model through the real command line: exit 1 and one line naming the weight file, for compress and decompress.</summary>
public class BadWeightCliTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("lgc-badweights-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string Truncated()
    {
        byte[] w = File.ReadAllBytes(Fixtures.TinyModel);
        string path = Path.Combine(_dir, "cut.safetensors");
        File.WriteAllBytes(path, w[..(w.Length / 2)]);
        return path;
    }

    // Same names and metadata, but g_s.deconv1.weight stored as [N, N, 3, 3] instead of [N, N, 5, 5].
    string WrongShape()
    {
        var f = SafeTensorsFile.Load(Fixtures.TinyModel);
        var w = new SafeTensorsWriter();
        foreach (var (k, v) in f.Metadata) w.AddMetadata(k, v);
        foreach (var n in f.Names)
        {
            var info = f.GetInfo(n);
            if (n != "g_s.deconv1.weight") { w.AddRaw(n, info.DType, f.GetBytes(n), info.Shape.ToArray()); continue; }
            int[] shape = [info.Shape[0], info.Shape[1], 3, 3];
            w.AddRaw(n, info.DType, f.GetBytes(n)[..shape.Aggregate(SafeTensorDTypes.SizeOf(info.DType), (a, b) => a * b)], shape);
        }
        string path = Path.Combine(_dir, "shape.safetensors");
        File.WriteAllBytes(path, w.ToBytes());
        return path;
    }

    static void AssertOneLineError((int Code, string Out, string Err) r, string expect)
    {
        Assert.True(r.Code == 1, $"exit {r.Code}: {r.Err}");
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, r.Err);
        Assert.StartsWith("lgc: error: ", lines[0]);
        Assert.Contains(expect, lines[0]);
    }

    [Fact]
    public void ATruncatedOrWrongShapeModelIsOneLine()
    {
        string lgc = Path.Combine(_dir, "k.lgc");
        using (var codec = LgcCodec.Load(Fixtures.TinyModel))
            File.WriteAllBytes(lgc, codec.Compress(ImageIo.Load(Fixtures.KodakCrop)).Bytes);
        foreach (var (model, expect) in new[] { (Truncated(), "cut.safetensors"), (WrongShape(), "g_s.deconv1.weight") })
        {
            AssertOneLineError(CliTests.Run("compress", Fixtures.KodakCrop, "-o", Path.Combine(_dir, "c.lgc"), "--model", model), expect);
            AssertOneLineError(CliTests.Run("decompress", lgc, "-o", Path.Combine(_dir, "d.png"), "--model", model), expect);
        }
        Assert.False(File.Exists(Path.Combine(_dir, "c.lgc")));
        Assert.False(File.Exists(Path.Combine(_dir, "d.png")));
    }
}
