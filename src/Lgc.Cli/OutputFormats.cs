using Lgc.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace Lgc.Cli;

enum OutputFormat { Png, Jpeg, Webp, Bmp }

/// <summary>The image formats decompress writes: from --format, else from the output's extension (PNG for stdout).</summary>
static class OutputFormats
{
    public const string Names = "png, jpeg, webp, bmp";

    public static OutputFormat? FromName(string? name) => name?.ToLowerInvariant() switch
    {
        null => null,
        "png" => OutputFormat.Png,
        "jpeg" or "jpg" => OutputFormat.Jpeg,
        "webp" => OutputFormat.Webp,
        "bmp" => OutputFormat.Bmp,
        _ => throw new LgcException($"unknown --format '{name}' (one of {Names})"),
    };

    /// <summary>null for no extension (the caller's default applies).</summary>
    static OutputFormat? FromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        "" => null,
        ".png" => OutputFormat.Png,
        ".jpg" or ".jpeg" => OutputFormat.Jpeg,
        ".webp" => OutputFormat.Webp,
        ".bmp" => OutputFormat.Bmp,
        var e => throw new LgcException($"unknown output format '{e}' of '{path}' (.png, .jpg, .jpeg, .webp, .bmp; or --format {Names.Replace(", ", "|")})"),
    };

    /// <summary>The format one output gets: --format, else its extension, else PNG (stdout, a name without extension).
    /// A --format that contradicts the extension is an error rather than a file whose name lies.</summary>
    public static OutputFormat For(string output, OutputFormat? format)
    {
        if (Stdio.Is(output)) return format ?? OutputFormat.Png;
        OutputFormat? byName;
        try { byName = FromExtension(output); }
        catch (LgcException) when (format != null) { return format.Value; } // e.g. "face.v2" with --format: the flag says it
        if (format != null && byName != null && byName != format)
            throw new LgcException($"--format {Name(format.Value)} contradicts the extension of '{output}'");
        return format ?? byName ?? OutputFormat.Png;
    }

    public static string Extension(OutputFormat f) => f switch
    {
        OutputFormat.Jpeg => ".jpg",
        OutputFormat.Webp => ".webp",
        OutputFormat.Bmp => ".bmp",
        _ => ".png",
    };

    public static string Name(OutputFormat f) => f.ToString().ToLowerInvariant();

    /// <summary>The encoded file. The image is already a lossy decode: JPEG at quality 95 and lossless WebP add little or nothing.</summary>
    public static byte[] Encode(RgbImage image, OutputFormat f)
    {
        IImageEncoder encoder = f switch
        {
            OutputFormat.Jpeg => new JpegEncoder { Quality = 95 },
            OutputFormat.Webp => new WebpEncoder { FileFormat = WebpFileFormatType.Lossless },
            OutputFormat.Bmp => new BmpEncoder { BitsPerPixel = BmpBitsPerPixel.Pixel24 },
            _ => new PngEncoder(),
        };
        using var img = Image.LoadPixelData<Rgb24>(image.Pixels, image.Width, image.Height);
        using var ms = new MemoryStream();
        img.Save(ms, encoder);
        return ms.ToArray();
    }
}
