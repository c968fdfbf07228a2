using Lgc.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Lgc.Tests;

/// <summary>Seeded byte damage to weight files and images: loading fails only with LgcException (exit 1 in the CLI).</summary>
public class HostileFileMutationTests
{
    static List<string> Mutate(byte[] original, int count, int seed, int span, Action<byte[]> load)
    {
        var rng = new Random(seed);
        var bad = new List<string>();
        for (int n = 0; n < count; n++)
        {
            var m = (byte[])original.Clone();
            for (int k = 1 + rng.Next(3); k > 0; k--) m[rng.Next(Math.Min(span, m.Length))] = (byte)rng.Next(256);
            if (rng.Next(8) == 0) m = m[..rng.Next(m.Length)];
            try { load(m); }
            catch (LgcException) { }
            catch (Exception e) { bad.Add($"#{n}: {e.GetType().Name}: {e.Message}"); }
        }
        return bad;
    }

    [Fact]
    public void DamagedWeightHeadersFailOnlyCleanly()
    {
        byte[] weights = File.ReadAllBytes(Fixtures.TinyModel);
        // The JSON header (8-byte length + text) is where shapes, dtypes and offsets live.
        int header = 8 + (int)BitConverter.ToUInt64(weights, 0);
        var bad = Mutate(weights, 300, 3, header, w => Model.LgcModel.FromBytes(w, "m.safetensors", Backends.Create("cpu")));
        Assert.True(bad.Count == 0, string.Join(" | ", bad.Take(5)));
    }

    [Fact]
    public void DamagedImagesFailOnlyCleanly()
    {
        byte[] png = File.ReadAllBytes(Fixtures.KodakCrop);
        using var ms = new MemoryStream();
        using (var img = Image.Load<Rgb24>(png)) img.SaveAsJpeg(ms);
        byte[] jpeg = ms.ToArray();
        var bad = Mutate(png, 300, 4, png.Length, b => ImageIo.Decode(b, "p.png"));
        bad.AddRange(Mutate(jpeg, 300, 5, jpeg.Length, b => ImageIo.Decode(b, "j.jpg")));
        Assert.True(bad.Count == 0, string.Join(" | ", bad.Take(5)));
    }
}
