using Lgc.Formats;
using Lgc.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Lgc.Fuzz;

/// <summary>
/// Writes the seed corpus (fuzz/corpus/TARGET) and the known-hostile regression inputs from the tiny
/// fixture models, synthetic images and a crop of Kodak's kodim23 (tests/fixtures): no face data.
/// Seeds stay small (tens to hundreds of bytes) because AFL mutates every byte of them.
/// </summary>
public static class SeedCorpus
{
    public static void Write(string repo)
    {
        string fixtures = Path.Combine(repo, "tests", "fixtures");
        string corpus = Path.Combine(repo, "fuzz", "corpus"), regressions = Path.Combine(repo, "fuzz", "regressions");
        using var codec = LgcCodec.Load(Path.Combine(fixtures, "tiny.safetensors"));
        using var hp = LgcCodec.Load(Path.Combine(fixtures, "tiny-hp.safetensors"));
        var kodak = Crop(ImageIo.Load(Path.Combine(fixtures, "kodim23_crop.png")), 96, 80, 64, 64);

        // .lgc files: one 64-pixel block, a padded odd size, two blocks, and a Kodak crop; the container
        // target also gets a file of a model without texture layer (2 layers instead of 3).
        var lgc = new Dictionary<string, byte[]>
        {
            ["synthetic-64x64.lgc"] = codec.Compress(RgbImage.Synthetic(64, 64, 1)).Bytes,
            ["synthetic-40x24.lgc"] = codec.Compress(RgbImage.Synthetic(40, 24, 2)).Bytes,
            ["synthetic-128x64.lgc"] = codec.Compress(RgbImage.Synthetic(128, 64, 3)).Bytes,
            ["kodim23-64x64.lgc"] = codec.Compress(kodak).Bytes,
        };
        foreach (var target in new[] { "container", "decode", "analyze" })
            foreach (var (name, bytes) in lgc) Save(corpus, target, name, bytes);
        Save(corpus, "container", "tiny-hp-64x64.lgc", hp.Compress(RgbImage.Synthetic(64, 64, 4)).Bytes);

        // Inputs that once needed a fix (HostileInputTests): a huge declared size, an endless escape code.
        var f = LgcContainer.Read(lgc["synthetic-64x64.lgc"]);
        Save(regressions, "decode", "declares-65535x65535.lgc", CrcRepair.WithSize(lgc["synthetic-64x64.lgc"], 65535, 65535));
        Save(regressions, "decode", "empty-layers-65535x65535.lgc", LgcContainer.Write(f.Header with { Width = 65535, Height = 65535 },
            f.Directory.Select(d => new LgcLayer(d.Type, Array.Empty<byte>())).ToList()));
        foreach (var type in new[] { LgcLayerType.HyperLatents, LgcLayerType.Latents, LgcLayerType.Texture })
        {
            var layers = f.Layers.Select(l => l.Type == type ? new LgcLayer(type, Enumerable.Repeat((byte)0xFF, 64).ToArray()) : l).ToList();
            Save(regressions, "decode", $"escape-over-32-bits-{type}.lgc", LgcContainer.Write(f.Header, layers));
        }

        foreach (var (name, bytes) in WeightSeeds(fixtures)) Save(corpus, "safetensors", name, bytes);
        foreach (var (name, bytes) in ImageSeeds(kodak)) Save(corpus, "image", name, bytes);
    }

    /// <summary>Small weight files: the tiny model's metadata with no tensors, and with its (small) entropy tables.
    /// A complete model is 130 kB; run-campaign.sh adds tests/fixtures/tiny-hp.safetensors as a seed at run time.</summary>
    static IEnumerable<(string, byte[])> WeightSeeds(string fixtures)
    {
        var tiny = SafeTensorsFile.Load(Path.Combine(fixtures, "tiny.safetensors"));
        var meta = new SafeTensorsWriter();
        foreach (var (k, v) in tiny.Metadata) meta.AddMetadata(k, v);
        yield return ("metadata-only.safetensors", meta.ToBytes());

        var tables = new SafeTensorsWriter();
        foreach (var (k, v) in tiny.Metadata) tables.AddMetadata(k, v);
        foreach (var n in tiny.Names.Where(n => n.StartsWith("z_prior.", StringComparison.Ordinal) && tiny.GetInfo(n).ElementCount <= 64))
        {
            var info = tiny.GetInfo(n);
            tables.AddRaw(n, info.DType, tiny.GetBytes(n), info.Shape.ToArray());
        }
        yield return ("z-prior-tables.safetensors", tables.ToBytes());

        yield return ("one-f32-one-i32.safetensors", new SafeTensorsWriter().AddMetadata("format", "lgc-safetensors")
            .AddFloat32("a.weight", [1f, -2f, 0.5f, 3f], 2, 2).AddInt32("b.cdf", [0, 100, 65536], 1, 3).ToBytes());
    }

    /// <summary>An 8x8 crop in every format compress reads, plus a PNG cut before its end (the truncation check).</summary>
    static IEnumerable<(string, byte[])> ImageSeeds(RgbImage kodak)
    {
        var small = Crop(kodak, 16, 16, 8, 8);
        using var img = SixLabors.ImageSharp.Image.LoadPixelData<Rgb24>(small.Pixels, small.Width, small.Height);
        byte[] Encode(Action<MemoryStream> save) { using var m = new MemoryStream(); save(m); return m.ToArray(); }
        var png = Encode(m => img.SaveAsPng(m));
        yield return ("8x8.png", png);
        yield return ("8x8-cut.png", png[..^12]); // without IEND
        yield return ("8x8.jpg", Encode(m => img.SaveAsJpeg(m)));
        yield return ("8x8.bmp", Encode(m => img.SaveAsBmp(m)));
        yield return ("8x8.gif", Encode(m => img.SaveAsGif(m)));
        yield return ("8x8.tga", Encode(m => img.SaveAsTga(m)));
        yield return ("8x8.webp", Encode(m => img.SaveAsWebp(m)));
        yield return ("8x8.tiff", Encode(m => img.SaveAsTiff(m)));
    }

    static RgbImage Crop(RgbImage src, int x0, int y0, int w, int h)
    {
        var r = new RgbImage(w, h);
        for (int y = 0; y < h; y++)
            src.Pixels.AsSpan(((y0 + y) * src.Width + x0) * 3, w * 3).CopyTo(r.Pixels.AsSpan(y * w * 3));
        return r;
    }

    static void Save(string root, string target, string name, byte[] bytes)
    {
        string dir = Path.Combine(root, target);
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, name), bytes);
        Console.WriteLine($"{bytes.Length,7} B  {Path.Combine(dir, name)}");
    }
}
