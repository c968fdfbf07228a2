using Lgc.Formats;
using Lgc.Imaging;

namespace Lgc.Tests;

/// <summary>
/// The device-resident path (on the ILGPU CPU simulator, so it runs without a GPU) refuses hostile files
/// the same way: sizes are checked before any device buffer is sized by them.
/// </summary>
public class HostileDeviceTests
{
    static readonly Lazy<(LgcCodec Codec, byte[] File)> Device = new(() =>
    {
        var codec = LgcCodec.Load(Fixtures.TinyModel, "ilgpu-cpu");
        Assert.Equal("device-resident", codec.PathDescription);
        using var cpu = LgcCodec.Load(Fixtures.TinyModel);
        return (codec, cpu.Compress(CodecRoundTripTests.Synthetic(64, 64, 5)).Bytes);
    });

    [Fact]
    public void AHugeHeaderIsRefusedBeforeTheDeviceAllocates()
    {
        var (codec, file) = Device.Value;
        var huge = CrcRepair.WithSize(file, 65535, 65535);
        Assert.Contains("--max-pixels", Assert.Throws<LgcException>(() => codec.Decompress(huge)).Message);
        Assert.Throws<LgcException>(() => codec.DecodeBase(huge));
    }

    [Fact]
    public void AnEscapeLongerThan32BitsIsACleanError()
    {
        var (codec, file) = Device.Value;
        var f = LgcContainer.Read(file);
        var layers = f.Layers.Select(l => l.Type == LgcLayerType.Latents ? new LgcLayer(l.Type, Enumerable.Repeat((byte)0xFF, 64).ToArray()) : l).ToList();
        var e = Assert.Throws<LgcException>(() => codec.Decompress(LgcContainer.Write(f.Header, layers)));
        Assert.Contains("Escape code length", e.Message);
    }

    [Fact]
    public void SeededMutationsFailOnlyCleanly()
    {
        var (codec, file) = Device.Value;
        var rng = new Random(5);
        var bad = new List<string>();
        int tried = 0;
        for (int n = 0; n < 200; n++)
        {
            var m = (byte[])file.Clone();
            m[rng.Next(8, m.Length)] = (byte)rng.Next(256);
            if (!CrcRepair.Repair(m)) continue;
            tried++;
            try { codec.DecodeBase(m); if (n % 20 == 0) codec.Decompress(m); }
            catch (LgcException) { }
            catch (Exception e) { bad.Add($"#{n}: {e.GetType().Name}: {e.Message}"); }
        }
        Assert.True(bad.Count == 0, string.Join(" | ", bad.Take(5)));
        Assert.True(tried > 100, $"only {tried} mutations could be repaired");
    }
}
