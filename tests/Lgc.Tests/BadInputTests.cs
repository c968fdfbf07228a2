using Lgc.Formats;

namespace Lgc.Tests;

/// <summary>Damaged files, wrong models and bad images give a message that names the problem: no crash, no garbage image.</summary>
public class BadInputTests
{
    static readonly Lazy<(LgcCodec Codec, byte[] File)> Small = new(() =>
    {
        var codec = LgcCodec.Load(Fixtures.TinyModel);
        return (codec, codec.Compress(CodecRoundTripTests.Synthetic(64, 64, 3)).Bytes);
    });

    [Fact]
    public void EveryChangedByteOfAnLgcFileIsDetected()
    {
        var (codec, file) = Small.Value;
        Assert.InRange(file.Length, 30, 2000);
        for (int i = 0; i < file.Length; i++)
        {
            foreach (var change in new Func<byte, byte>[] { b => (byte)(b ^ 0xFF), b => (byte)(b + 1), b => (byte)(b ^ 0x01) })
            {
                var bad = (byte[])file.Clone();
                bad[i] = change(bad[i]);
                var e = Assert.Throws<LgcException>(() => codec.Decompress(bad));
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
        }
    }

    [Fact]
    public void EveryTruncationIsDetected()
    {
        var (codec, file) = Small.Value;
        for (int n = 0; n < file.Length; n++)
            Assert.Throws<LgcException>(() => codec.Decompress(file[..n]));
    }

    [Fact]
    public void AFileFromAnotherModelIsRefusedWithBothIds()
    {
        var (codec, file) = Small.Value;
        // Same architecture, one weight byte changed: a different model id.
        byte[] weights = File.ReadAllBytes(Fixtures.TinyModel);
        weights[^1] ^= 0x01;
        var other = new LgcCodec(Model.LgcModel.FromBytes(weights, "other.safetensors", Backends.Create("cpu")));
        var e = Assert.Throws<LgcException>(() => other.Decompress(file));
        Assert.Contains(ModelId.ToHex(codec.Model.ModelId), e.Message);
        Assert.Contains(ModelId.ToHex(other.Model.ModelId), e.Message);
    }

    [Fact]
    public void TruncatedWeightFileIsRefused()
    {
        byte[] weights = File.ReadAllBytes(Fixtures.TinyModel);
        foreach (int n in new[] { 0, 7, 8, 100, weights.Length / 2, weights.Length - 1 })
        {
            var e = Assert.Throws<LgcException>(() => Model.LgcModel.FromBytes(weights[..n], "cut.safetensors", Backends.Create("cpu")));
            Assert.Contains("cut.safetensors", e.Message);
        }
    }

    static byte[] Rewrite(Action<SafeTensorsFile, SafeTensorsWriter> edit)
    {
        var f = SafeTensorsFile.Load(Fixtures.TinyModel);
        var w = new SafeTensorsWriter();
        edit(f, w);
        return w.ToBytes();
    }

    static void CopyAll(SafeTensorsFile f, SafeTensorsWriter w, Func<string, bool> keep, Func<string, string, string>? meta = null)
    {
        foreach (var (k, v) in f.Metadata) w.AddMetadata(k, meta?.Invoke(k, v) ?? v);
        foreach (var n in f.Names.Where(keep))
        {
            var info = f.GetInfo(n);
            w.AddRaw(n, info.DType, f.GetBytes(n), info.Shape.ToArray());
        }
    }

    [Fact]
    public void AMissingTensorIsNamed()
    {
        var bytes = Rewrite((f, w) => CopyAll(f, w, n => n != "g_s.igdn1.gamma"));
        var e = Assert.Throws<LgcException>(() => Model.LgcModel.FromBytes(bytes, "m.safetensors", Backends.Create("cpu")));
        Assert.Contains("g_s.igdn1.gamma", e.Message);
    }

    [Fact]
    public void AWeightFileForAnotherArchitectureIsRefused()
    {
        var bytes = Rewrite((f, w) => CopyAll(f, w, _ => true, (k, v) => k == "arch" ? "resnet-50" : v));
        var e = Assert.Throws<LgcException>(() => Model.LgcModel.FromBytes(bytes, "m.safetensors", Backends.Create("cpu")));
        Assert.Contains("resnet-50", e.Message);

        // Right arch name, wrong widths: the first tensor whose shape differs is named.
        bytes = Rewrite((f, w) => CopyAll(f, w, _ => true, (k, v) => k == "M" ? "24" : v));
        e = Assert.Throws<LgcException>(() => Model.LgcModel.FromBytes(bytes, "m.safetensors", Backends.Create("cpu")));
        Assert.Contains("g_a.conv3.weight", e.Message);
    }

    [Fact]
    public void ANonWeightFileIsRefused()
    {
        var e = Assert.Throws<LgcException>(() => Model.LgcModel.FromBytes("PK\u0003\u0004 this is a zip"u8.ToArray(), "x.zip", Backends.Create("cpu")));
        Assert.Contains("x.zip", e.Message);
        Assert.Throws<LgcException>(() => LgcCodec.Load("/nonexistent/model.safetensors"));
    }
}
