using System.Diagnostics;
using Lgc.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Lgc.Lab.Evaluation;

/// <summary>
/// A classic codec run through its reference command-line encoder and decoder. Each call works in its own private
/// temporary folder (removed afterwards) and each tool run has a timeout, after which the tool is killed.
/// </summary>
internal sealed class ExternalCodec : ClassicCodec
{
    /// <summary>One tool run: the executable and its arguments given the input and output paths (and the quality for the encoder).</summary>
    public sealed record Spec(string Name, string Description, int MinQuality, int MaxQuality, IReadOnlyList<int>? Ladder,
        string Encoder, string Decoder, string Package, string InputExt, string FileExt, string DecodedExt,
        Func<int, string, string, string[]> EncodeArgs, Func<string, string, string[]> DecodeArgs);

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    readonly Spec _spec;
    readonly string _encoder, _decoder;
    protected override IReadOnlyList<int>? OwnLadder => _spec.Ladder;

    ExternalCodec(Spec spec, string encoder, string decoder) : base(spec.Name, spec.Description, spec.MinQuality, spec.MaxQuality)
    { _spec = spec; _encoder = encoder; _decoder = decoder; }

    /// <summary>The codec when both of its tools are on <paramref name="searchPath"/> (default: $PATH); else null and <paramref name="skip"/> says what to install.</summary>
    public static ExternalCodec? Find(Spec spec, Action<string> skip, string? searchPath = null)
    {
        var missing = new[] { spec.Encoder, spec.Decoder }.Where(t => Which(t, searchPath) == null).ToList();
        if (missing.Count > 0)
        {
            skip($"{spec.Name} skipped: {string.Join(" and ", missing)} not found (apt-get install {spec.Package})");
            return null;
        }
        return new ExternalCodec(spec, Which(spec.Encoder, searchPath)!, Which(spec.Decoder, searchPath)!);
    }

    static string? Which(string tool, string? searchPath)
    {
        foreach (var dir in (searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string p = Path.Combine(dir, tool);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    protected override byte[] EncodeCore(RgbImage image, int quality)
    {
        var dir = Directory.CreateTempSubdirectory("lgc-eval-");
        try
        {
            string input = Path.Combine(dir.FullName, "in" + _spec.InputExt), output = Path.Combine(dir.FullName, "out" + _spec.FileExt);
            File.WriteAllBytes(input, _spec.InputExt == ".ppm" ? Ppm.Write(image) : Png(image));
            Run(_encoder, _spec.EncodeArgs(quality, input, output), $"{_spec.Encoder} at quality {quality}");
            return File.ReadAllBytes(output);
        }
        finally { dir.Delete(recursive: true); }
    }

    public override RgbImage Decode(byte[] file, string name)
    {
        var dir = Directory.CreateTempSubdirectory("lgc-eval-");
        try
        {
            string input = Path.Combine(dir.FullName, "in" + _spec.FileExt), output = Path.Combine(dir.FullName, "out" + _spec.DecodedExt);
            File.WriteAllBytes(input, file);
            Run(_decoder, _spec.DecodeArgs(input, output), $"{_spec.Decoder} of {name}");
            byte[] b = File.ReadAllBytes(output);
            return _spec.DecodedExt == ".ppm" ? Ppm.Read(b, name) : ImageIo.Decode(b, name);
        }
        finally { dir.Delete(recursive: true); }
    }

    static byte[] Png(RgbImage image)
    {
        using var img = Image.LoadPixelData<Rgb24>(image.Pixels, image.Width, image.Height);
        using var ms = new MemoryStream();
        img.SaveAsPng(ms);
        return ms.ToArray();
    }

    /// <summary>Runs a tool to completion (output through its own file argument), killing it after the timeout.</summary>
    static void Run(string exe, string[] args, string what)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new IOException($"{what}: could not start {exe}");
        var err = p.StandardError.ReadToEndAsync();
        var copy = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(Timeout))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            throw new IOException($"{what}: timed out after {Timeout.TotalSeconds:F0} s");
        }
        p.WaitForExit(); // drains the redirected streams
        copy.Wait();
        if (p.ExitCode != 0)
            throw new IOException($"{what} failed (exit {p.ExitCode}): {err.Result.Trim().Split('\n').LastOrDefault()}");
    }
}

/// <summary>The reference encoders `lgc eval` compares with, each skipped (with a line naming its apt package) when absent.</summary>
internal static class ReferenceCodecs
{
    public const int DefaultAvifSpeed = 6;

    /// <summary>
    /// AVIF: avifenc with aom, 4:2:0, one fixed quantizer (--min = --max); quality = 63 - quantizer, so 0 is the lowest rate.
    /// The speed is part of the name (avif-s6), so rows of different speeds never mix.
    /// </summary>
    public static ExternalCodec.Spec Avif(int speed) => new($"avif-s{speed}",
        $"AVIF (avifenc with aom, 4:2:0, speed {speed}, quality = 63 - quantizer)", 0, 63, [0, 6, 12, 18, 24, 32, 40],
        "avifenc", "avifdec", "libavif-bin", ".png", ".avif", ".png",
        (q, i, o) => ["-c", "aom", "-s", speed.ToString(), "-y", "420", "-j", "1", "--min", (63 - q).ToString(), "--max", (63 - q).ToString(), i, o],
        (i, o) => ["-j", "1", i, o]);

    /// <summary>JPEG XL: cjxl -q (5 is the lowest quality cjxl 0.7 accepts: about its largest distance, 25).</summary>
    public static readonly ExternalCodec.Spec Jxl = new("jxl", "JPEG XL (cjxl, default effort 7, -q)", 5, 100, [5, 10, 20, 30, 45, 60, 75],
        "cjxl", "djxl", "libjxl-tools", ".png", ".jxl", ".ppm",
        (q, i, o) => [i, o, "-q", q.ToString(), "--num_threads", "0"], (i, o) => [i, o, "--num_threads", "0"]);

    /// <summary>WebP: libwebp's cwebp at its slowest method (-m 6), -q 0..100.</summary>
    public static readonly ExternalCodec.Spec CWebP = new("cwebp", "WebP (cwebp -m 6, -q)", 0, 100, null,
        "cwebp", "dwebp", "webp", ".ppm", ".webp", ".ppm",
        (q, i, o) => ["-quiet", "-m", "6", "-q", q.ToString(), i, "-o", o], (i, o) => [i, "-ppm", "-o", o]);

    /// <summary>JPEG: libjpeg-turbo's cjpeg -optimize (4:2:0 default), -quality 1..100; djpeg decodes.</summary>
    public static readonly ExternalCodec.Spec CJpeg = new("cjpeg", "JPEG (libjpeg-turbo cjpeg -optimize, 4:2:0)", 1, 100, null,
        "cjpeg", "djpeg", "libjpeg-turbo-progs", ".ppm", ".jpg", ".ppm",
        (q, i, o) => ["-optimize", "-quality", q.ToString(), "-outfile", o, i], (i, o) => ["-ppm", "-outfile", o, i]);

    /// <summary>Names --anchors takes ("avif" stands for avif-s&lt;speed&gt;).</summary>
    public static readonly string[] Names = ["avif", "jxl", "cwebp", "cjpeg", "jpeg-imagesharp", "webp-imagesharp"];

    /// <summary>
    /// The chosen codecs (null: all) in a fixed order: the reference encoders that are installed (each missing one is
    /// skipped with a line naming its apt package), then ImageSharp's in-process fallbacks.
    /// </summary>
    public static List<ClassicCodec> All(int avifSpeed, Action<string> skip, string? searchPath = null, IReadOnlyCollection<string>? names = null)
    {
        if (avifSpeed is < 0 or > 10) throw new LgcException($"--avif-speed {avifSpeed} is outside avifenc's 0..10");
        foreach (var n in names ?? [])
            if (!Names.Contains(n)) throw new LgcException($"--anchors: '{n}' is not one of {string.Join(", ", Names)}");
        bool Want(string n) => names == null || names.Contains(n);
        var list = new List<ClassicCodec>();
        foreach (var (n, s) in new[] { ("avif", Avif(avifSpeed)), ("jxl", Jxl), ("cwebp", CWebP), ("cjpeg", CJpeg) })
            if (Want(n) && ExternalCodec.Find(s, skip, searchPath) is { } c) list.Add(c);
        if (Want("jpeg-imagesharp")) list.Add(ClassicCodec.Jpeg);
        if (Want("webp-imagesharp")) list.Add(ClassicCodec.WebP);
        return list;
    }
}
