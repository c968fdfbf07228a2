using System.Diagnostics;
using Lgc.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Lgc.Tests;

/// <summary>
/// The library's public surface: what it exports, that the README sample is the sample CI builds against that
/// surface only (samples/LibrarySample is no friend assembly) and runs, that every input form gives the same file,
/// and that one codec serves several threads at once.
/// </summary>
public class PublicApiTests
{
    static readonly string[] PublicTypes =
    [
        "Lgc.BundledModel", "Lgc.FaceAnalysis", "Lgc.FaceLabels", "Lgc.Imaging.TruncatedImageException", "Lgc.LgcBackend",
        "Lgc.LgcCodec", "Lgc.LgcCodec+CompressResult", "Lgc.LgcCodecOptions", "Lgc.LgcException", "Lgc.LgcFileInfo", "Lgc.LgcModels",
    ];

    [Fact]
    public void TheEngineExportsOnlyTheDocumentedApi()
    {
        var exported = typeof(LgcCodec).Assembly.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal);
        Assert.Equal(PublicTypes.Order(StringComparer.Ordinal), exported);
    }

    [Fact]
    public void TheReadmeShowsTheSampleCiBuilds()
    {
        string root = RepoRoot();
        string sample = File.ReadAllText(Path.Combine(root, "samples", "LibrarySample", "Program.cs"));
        Assert.Contains("```csharp\n" + sample + "```", File.ReadAllText(Path.Combine(root, "README.md")));
    }

    [Fact]
    public void TheSampleRuns()
    {
        string root = RepoRoot();
        string dll = Directory.EnumerateFiles(Path.Combine(root, "samples", "LibrarySample", "bin"), "LibrarySample.dll", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc).First();
        string outDir = Path.Combine(Path.GetTempPath(), "lgc-sample-" + Guid.NewGuid().ToString("N"));
        try
        {
            var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { dll, Fixtures.KodakCrop, outDir }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            string stdout = p.StandardOutput.ReadToEnd(), stderr = p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(120_000), "the sample did not finish in 2 minutes");
            Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {stderr}");
            Assert.Contains("lgc-low:", stdout);
            var bytes = File.ReadAllBytes(Path.Combine(outDir, "image.lgc"));
            using var decoded = Image.Load<Rgb24>(Path.Combine(outDir, "decoded.png"));
            Assert.Equal((256, 256), (decoded.Width, decoded.Height));
            Assert.Equal(256, LgcCodec.Inspect(bytes).Width);
        }
        finally { if (Directory.Exists(outDir)) Directory.Delete(outDir, true); }
    }

    [Fact]
    public async Task EveryInputAndOutputFormGivesTheSameResult()
    {
        using var codec = LgcCodec.Open(Fixtures.TinyModel);
        var img = RgbImage.Synthetic(64, 48, 3);
        byte[] expected = codec.Compress(img).Bytes;

        using (var sharp = Image.LoadPixelData<Rgb24>(img.Pixels, img.Width, img.Height))
            Assert.Equal(expected, codec.Compress(sharp).Bytes);
        Assert.Equal(expected, codec.CompressRgb(img.Pixels, img.Width, img.Height).Bytes);
        var png = new MemoryStream();
        using (var sharp = Image.LoadPixelData<Rgb24>(img.Pixels, img.Width, img.Height)) sharp.SaveAsPng(png);
        png.Position = 0;
        Assert.Equal(expected, codec.Compress(png).Bytes);
        png.Position = 0;
        Assert.Equal(expected, (await codec.CompressAsync(png)).Bytes);

        byte[] pixels = codec.Decompress(expected).Pixels;
        Assert.Equal(pixels, codec.DecompressToRgb(expected, out int w, out int h));
        Assert.Equal((64, 48), (w, h));
        using (var a = codec.DecompressToImage(expected)) Assert.Equal(pixels, Pixels(a));
        using (var b = codec.DecompressToImage(new MemoryStream(expected))) Assert.Equal(pixels, Pixels(b));
        using (var c = await codec.DecompressToImageAsync(new MemoryStream(expected))) Assert.Equal(pixels, Pixels(c));

        Assert.Equal(codec.ModelId, LgcCodec.Inspect(expected).ModelId);
        Assert.True(codec.HasAnalysisHeads);
        Assert.Equal(FaceLabels.Attributes.Length, codec.Analyze(expected).AttributeProbabilities.Length);
    }

    [Fact]
    public void BadCallsSayWhatIsWrong()
    {
        var e = Assert.Throws<LgcException>(() => LgcCodec.Open("no-such-model"));
        Assert.Contains("'no-such-model' is neither a file nor a bundled model", e.Message);
        Assert.Contains("low", e.Message); // the bundled rates are listed
        using var codec = LgcCodec.Open(Fixtures.TinyModel, new LgcCodecOptions { Backend = LgcBackend.Reference });
        Assert.Throws<ArgumentException>(() => codec.CompressRgb(new byte[10], 4, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => codec.CompressRgb([], 0, 4));
        Assert.Throws<LgcException>(() => codec.DecompressToImage(new byte[] { 1, 2, 3 }));
        Assert.Throws<LgcException>(() => codec.Compress(new MemoryStream([1, 2, 3])));
        Assert.Throws<LgcException>(() => LgcCodec.Inspect(new byte[] { 1, 2, 3 }));
    }

    [Fact]
    public void TheRegistryFindsTheBundledModels()
    {
        var bundled = LgcModels.Bundled();
        Assert.Contains(bundled, m => m.Rate == LgcModels.DefaultRate);
        Assert.Equal(bundled.Where(m => m.Rate != null).Select(m => m.Rate!), LgcModels.Rates());
        var low = bundled.First(m => m.Rate == "low");
        Assert.Equal(low.Path, LgcModels.Resolve("LOW"));
        Assert.Equal(low.Path, LgcModels.Resolve("lgc-low"));
        Assert.Equal(low.Path, LgcModels.ForId(low.Id));
        using var codec = LgcCodec.Open("low");
        var file = codec.Compress(RgbImage.Synthetic(64, 64, 1)).Bytes;
        using var again = LgcCodec.OpenFor(file);
        Assert.Equal(codec.ModelId, again.ModelId);
    }

    /// <summary>One codec, 8 threads, each compressing and decompressing its own image: the same bytes and pixels as one thread.</summary>
    [Fact]
    public void OneCodecServesSeveralThreadsAtOnce()
    {
        using var codec = LgcCodec.Open(Fixtures.TinyModel);
        var images = Enumerable.Range(0, 8).Select(i => RgbImage.Synthetic(64 + 16 * (i % 3), 64, i)).ToArray();
        var serial = images.Select(im => codec.Compress(im).Bytes).ToArray();
        var serialPixels = serial.Select(f => codec.Decompress(f).Pixels).ToArray();
        var files = new byte[images.Length][];
        var pixels = new byte[images.Length][];
        using var start = new Barrier(images.Length);
        var threads = Enumerable.Range(0, images.Length).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            for (int rep = 0; rep < 3; rep++)
            {
                files[i] = codec.Compress(images[i]).Bytes;
                pixels[i] = codec.DecompressToRgb(files[i], out _, out _);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        for (int i = 0; i < images.Length; i++)
        {
            Assert.Equal(serial[i], files[i]);
            Assert.Equal(serialPixels[i], pixels[i]);
        }
    }

    static byte[] Pixels(Image<Rgb24> image)
    {
        var p = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(p);
        return p;
    }

    static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Engine.sln"))) return d.FullName;
        throw new DirectoryNotFoundException($"no Engine.sln above {AppContext.BaseDirectory}");
    }
}
