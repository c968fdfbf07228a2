using Lgc.Lab.Evaluation;
using Lgc.Imaging;

namespace Lgc.Tests.Eval;

/// <summary>
/// The reference command-line codecs (avifenc, cjxl, cwebp, cjpeg) on the Kodak crop: ladders, matched-bytes
/// bisection, decoding. A codec whose tools are absent is passed over, unless LGC_REQUIRE_CODECS=1 (CI installs them).
/// </summary>
public class ReferenceCodecTests
{
    static readonly Lazy<RgbImage> Kodak = new(() => ImageIo.Load(Fixtures.KodakCrop));

    public static TheoryData<string> Names => new() { "avif", "jxl", "cwebp", "cjpeg" };

    /// <summary>The codec when installed; null (the test passes over it) when not, a failure when CI requires the tools.</summary>
    static ClassicCodec? Installed(string name)
    {
        var skipped = new List<string>();
        var c = ReferenceCodecs.All(ReferenceCodecs.DefaultAvifSpeed, skipped.Add, names: [name]).SingleOrDefault();
        if (c == null && Environment.GetEnvironmentVariable("LGC_REQUIRE_CODECS") == "1")
            Assert.Fail($"LGC_REQUIRE_CODECS=1 but {string.Join("; ", skipped)}");
        return c;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void TheLadderReachesTheLowestRateAndDecodesToTheImage(string name)
    {
        if (Installed(name) is not { } c) return;
        var ladder = c.Ladder([1, 5, 10, 20, 40, 70]);
        Assert.Equal(c.MinQuality, ladder[0]);
        var files = ladder.Select(q => c.Encode(Kodak.Value, q)).ToList();
        var psnr = files.Select(f => ImageMetrics.Psnr(Kodak.Value, c.Decode(f, c.Name))).ToList();
        // The lowest quality gives the smallest file and the lowest PSNR of the ladder; the top of the ladder is a fair picture.
        Assert.Equal(files.Min(f => f.Length), files[0].Length);
        Assert.True(psnr[^1] > psnr[0] + 3, $"{c.Name}: PSNR {psnr[0]:F2} dB at q{ladder[0]}, {psnr[^1]:F2} dB at q{ladder[^1]}");
        Assert.True(psnr[^1] > 30, $"{c.Name} q{ladder[^1]}: {psnr[^1]:F2} dB");
        var dec = c.Decode(files[0], c.Name);
        Assert.Equal((256, 256), (dec.Width, dec.Height));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void MatchedBytesIsTheLargestQualityAtMostTheTargetOrCannotReach(string name)
    {
        if (Installed(name) is not { } c) return;
        var lowest = c.Encode(Kodak.Value, c.MinQuality).Length;
        long target = lowest * 3; // between the lowest and the highest quality's size
        var hit = c.AtMostBytes(Kodak.Value, target);
        Assert.NotNull(hit);
        var (q, file, encodes) = hit.Value;
        Assert.True(file.Length <= target, $"{file.Length} > {target}");
        Assert.Equal(c.Encode(Kodak.Value, q).Length, file.Length); // the file is the quality's (encoders are deterministic)
        Assert.True(q < c.MaxQuality && c.Encode(Kodak.Value, q + 1).Length > target, $"{c.Name}: q{q + 1} also fits {target} B");
        Assert.InRange(encodes, 2, 2 + (int)Math.Ceiling(Math.Log2(c.MaxQuality - c.MinQuality + 1)));
        Assert.Null(c.AtMostBytes(Kodak.Value, lowest - 1)); // below the lowest quality's file: cannot reach
    }

    [Fact]
    public void AMissingToolSkipsItsCodecWithOneLineNamingThePackage()
    {
        var empty = Directory.CreateTempSubdirectory("lgc-notools-");
        try
        {
            var lines = new List<string>();
            var codecs = ReferenceCodecs.All(6, lines.Add, searchPath: empty.FullName);
            Assert.Equal([ClassicCodec.Jpeg.Name, ClassicCodec.WebP.Name], codecs.Select(x => x.Name));
            Assert.Equal(4, lines.Count);
            Assert.Contains("avif-s6 skipped: avifenc and avifdec not found (apt-get install libavif-bin)", lines);
            Assert.Contains("jxl skipped: cjxl and djxl not found (apt-get install libjxl-tools)", lines);
            Assert.Contains("cwebp skipped: cwebp and dwebp not found (apt-get install webp)", lines);
            Assert.Contains("cjpeg skipped: cjpeg and djpeg not found (apt-get install libjpeg-turbo-progs)", lines);
            Assert.Throws<LgcException>(() => ReferenceCodecs.All(6, _ => { }, names: ["png"]));
            Assert.Throws<LgcException>(() => ReferenceCodecs.All(11, _ => { }));
        }
        finally { empty.Delete(true); }
    }

    /// <summary>Stand-in tools (empty files): enough for the codecs to be listed, never run.</summary>
    static List<ClassicCodec> Listed(string dir)
    {
        foreach (var t in new[] { "avifenc", "avifdec", "cjxl", "djxl", "cwebp", "dwebp", "cjpeg", "djpeg" }) File.WriteAllText(Path.Combine(dir, t), "");
        return ReferenceCodecs.All(6, _ => { }, searchPath: dir);
    }

    [Fact]
    public void TheSummaryHasTheBdRateOfLgcAgainstEveryAnchorAndDescribesThem()
    {
        var dir = Directory.CreateTempSubdirectory("lgc-tools-");
        try
        {
            var codecs = Listed(dir.FullName);
            Assert.Equal(["avif-s6", "jxl", "cwebp", "cjpeg", "jpeg-imagesharp", "webp-imagesharp"], codecs.Select(c => c.Name));
            MethodSummary P(string family, string name, double bpp, double psnr, double msssim, ClassicCodec? c = null) =>
                new() { Method = new EvalMethod(name, family, Codec: c), Images = 1, Requested = 1, Bpp = bpp, Psnr = psnr, MsSsim = msssim };
            var pts = new List<MethodSummary> { P("lgc", "lgc:a", 0.05, 30, 0.90), P("lgc", "lgc:b", 0.10, 33, 0.95) };
            // Every anchor at twice LGC's rate for the same quality: BD-rate -50 % against each.
            foreach (var c in codecs)
                pts.AddRange([P(c.Name, $"{c.Name}-q1", 0.10, 30, 0.90, c), P(c.Name, $"{c.Name}-q2", 0.20, 33, 0.95, c)]);
            var s = new EvalSummary { Images = 1, Requested = 1, Width = 256, Height = 256, Methods = pts, TargetFraction = 0.95, Timings = [], Warnings = [] };
            foreach (var c in codecs)
                foreach (var metric in new[] { "psnr-rgb", "ms-ssim-rgb-db" })
                    Assert.Equal(-50.0, Assert.Single(s.BdRates, b => b.Test == "lgc" && b.Anchor == c.Name && b.Metric == metric).Percent!.Value, 6);
            Assert.Contains(s.BdRates, b => b.Test == "cwebp" && b.Anchor == "cjpeg");
            Assert.Contains("speed 6", codecs[0].Description);
            Assert.Contains("cjpeg -optimize", codecs[3].Description);
            Assert.Contains("in-process fallback", codecs[4].Description);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void OldRowsOfImageSharpCodecsReadUnderTheirLabelledNames()
    {
        Assert.Equal(("jpeg-imagesharp-q5", "jpeg-imagesharp"), EvalMethod.Legacy("jpeg-q5", "jpeg"));
        Assert.Equal(("webp-imagesharp@lgc-low", "webp-imagesharp-matched"), EvalMethod.Legacy("webp@lgc-low", "webp-matched"));
        Assert.Equal(("cjpeg-q5", "cjpeg"), EvalMethod.Legacy("cjpeg-q5", "cjpeg"));
    }
}
