using Lgc.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Lgc.Evaluation;

/// <summary>The classic baselines, JPEG (4:2:0, like PIL's default) and lossy WebP, as ImageSharp writes them.</summary>
public sealed class ClassicCodec
{
    public static readonly ClassicCodec Jpeg = new("jpeg", q => new JpegEncoder { Quality = q, ColorType = JpegColorType.YCbCrRatio420 });
    public static readonly ClassicCodec WebP = new("webp", q => new WebpEncoder { Quality = q, FileFormat = WebpFileFormatType.Lossy });

    public string Name { get; }
    readonly Func<int, IImageEncoder> _encoder;

    ClassicCodec(string name, Func<int, IImageEncoder> encoder) { Name = name; _encoder = encoder; }

    /// <summary>The whole file a user would store (headers included) at quality 1..100.</summary>
    public byte[] Encode(RgbImage image, int quality)
    {
        if (quality is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(quality), $"quality {quality} is outside 1..100");
        using var img = Image.LoadPixelData<Rgb24>(image.Pixels, image.Width, image.Height);
        using var ms = new MemoryStream();
        img.Save(ms, _encoder(quality));
        return ms.ToArray();
    }

    /// <summary>
    /// The largest quality whose file is at most <paramref name="maxBytes"/>, by bisection over 1..100 (file size taken
    /// as non-decreasing in quality). Quality 1 is tried first, so an unreachable target costs one encode; then 7
    /// halvings of 2..100, at most 8 encodes in all. Null when even quality 1 is larger.
    /// </summary>
    public (int Quality, byte[] File, int Encodes)? AtMostBytes(RgbImage image, long maxBytes)
    {
        var best = Encode(image, 1);
        int encodes = 1;
        if (best.Length > maxBytes) return null;
        int lo = 1, hi = 101; // invariant: quality lo fits, quality hi does not (101 = beyond the scale)
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            var f = Encode(image, mid);
            encodes++;
            if (f.Length <= maxBytes) { lo = mid; best = f; }
            else hi = mid;
        }
        return (lo, best, encodes);
    }
}
