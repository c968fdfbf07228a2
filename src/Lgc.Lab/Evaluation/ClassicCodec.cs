using Lgc.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Lgc.Lab.Evaluation;

/// <summary>
/// A classic baseline codec on an integer quality scale MinQuality..MaxQuality (file size taken as non-decreasing in
/// quality). Name is its method family: its ladder rows are "Name-qQ", its matched rows "Name@model" (family "Name-matched").
/// </summary>
internal abstract class ClassicCodec
{
    /// <summary>ImageSharp's JPEG (4:2:0, like PIL's default): the in-process fallback, not libjpeg-turbo.</summary>
    public static readonly ClassicCodec Jpeg = new ImageSharpCodec("jpeg-imagesharp", "JPEG (ImageSharp, 4:2:0; in-process fallback)",
        q => new JpegEncoder { Quality = q, ColorType = JpegColorType.YCbCrRatio420 });
    /// <summary>ImageSharp's lossy WebP: the in-process fallback, not libwebp's cwebp.</summary>
    public static readonly ClassicCodec WebP = new ImageSharpCodec("webp-imagesharp", "WebP (ImageSharp, lossy; in-process fallback)",
        q => new WebpEncoder { Quality = q, FileFormat = WebpFileFormatType.Lossy });

    public string Name { get; }
    /// <summary>What the rows measure, with the encoder settings (for the summary and the console).</summary>
    public string Description { get; }
    public int MinQuality { get; }
    public int MaxQuality { get; }
    /// <summary>The codec's own ladder (on its own scale); null: the requested 1..100 ladder is used.</summary>
    protected virtual IReadOnlyList<int>? OwnLadder => null;

    protected ClassicCodec(string name, string description, int minQuality, int maxQuality)
    { Name = name; Description = description; MinQuality = minQuality; MaxQuality = maxQuality; }

    /// <summary>The whole file a user would store (headers included).</summary>
    public byte[] Encode(RgbImage image, int quality)
    {
        if (quality < MinQuality || quality > MaxQuality)
            throw new ArgumentOutOfRangeException(nameof(quality), $"quality {quality} is outside {MinQuality}..{MaxQuality} for {Name}");
        return EncodeCore(image, quality);
    }

    protected abstract byte[] EncodeCore(RgbImage image, int quality);
    public abstract RgbImage Decode(byte[] file, string name);

    /// <summary>
    /// The qualities of this codec's RD curve: always down to its lowest rate (MinQuality). Empty request: no ladder.
    /// </summary>
    public IReadOnlyList<int> Ladder(IReadOnlyList<int> requested)
    {
        if (requested.Count == 0) return [];
        var q = (OwnLadder ?? requested).Where(v => v >= MinQuality && v <= MaxQuality).Append(MinQuality).Distinct().Order().ToList();
        return q;
    }

    /// <summary>
    /// The largest quality whose file is at most <paramref name="maxBytes"/>, by bisection over MinQuality..MaxQuality.
    /// The lowest quality is tried first, so an unreachable target costs one encode; then about log2(range) halvings.
    /// Null when even the lowest quality is larger ("cannot reach").
    /// </summary>
    public (int Quality, byte[] File, int Encodes)? AtMostBytes(RgbImage image, long maxBytes)
    {
        var best = Encode(image, MinQuality);
        int encodes = 1;
        if (best.Length > maxBytes) return null;
        int lo = MinQuality, hi = MaxQuality + 1; // invariant: quality lo fits, quality hi does not (Max + 1 = beyond the scale)
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

/// <summary>ImageSharp's encoders, quality 1..100, decoded by ImageSharp.</summary>
sealed class ImageSharpCodec(string name, string description, Func<int, IImageEncoder> encoder) : ClassicCodec(name, description, 1, 100)
{
    protected override byte[] EncodeCore(RgbImage image, int quality)
    {
        using var img = Image.LoadPixelData<Rgb24>(image.Pixels, image.Width, image.Height);
        using var ms = new MemoryStream();
        img.Save(ms, encoder(quality));
        return ms.ToArray();
    }

    public override RgbImage Decode(byte[] file, string name) => ImageIo.Decode(file, name);
}
