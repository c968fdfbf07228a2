using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;

namespace Lgc.Imaging;

/// <summary>Reads any image ImageSharp knows (PNG incl. 16-bit, grayscale, alpha; JPEG; ...) as 8-bit RGB.</summary>
internal static class ImageIo
{
    /// <summary>Largest accepted image; bigger inputs are refused before decoding.</summary>
    public const long MaxPixels = 16_777_216; // 4096 x 4096

    /// <param name="allowTruncated">decode a truncated file anyway (its missing part comes back as decoder filler),
    /// telling <paramref name="warn"/>; by default it is refused with <see cref="TruncatedImageException"/></param>
    public static RgbImage Load(string path, bool allowTruncated = false, Action<string>? warn = null)
    {
        switch (Formats.FileKinds.OfTarget(path))
        {
            case Formats.FileKind.Missing: throw new LgcException($"input '{path}' does not exist");
            case Formats.FileKind.Regular: break;
            default: throw new LgcException($"input '{path}' is not a regular file");
        }
        byte[] bytes = File.ReadAllBytes(path);
        return Decode(bytes, path, allowTruncated, warn);
    }

    public static RgbImage Decode(byte[] bytes, string name = "image", bool allowTruncated = false, Action<string>? warn = null)
    {
        // The structure walk comes first: a cut file may not even identify (a TIFF loses its directory at the end).
        IImageFormat? format;
        try { format = Image.DetectFormat(bytes); }
        catch (Exception e) when (e is not OutOfMemoryException) { throw new LgcException($"'{name}' is not a readable image: {e.Message}"); }
        string? truncated = format is null ? null : ImageTruncation.Find(bytes, format.Name);
        if (truncated != null && !allowTruncated) throw new TruncatedImageException(name, truncated);

        IImageInfo? info;
        try { info = Image.Identify(bytes); }
        catch (Exception e) when (e is not OutOfMemoryException) { throw new LgcException($"'{name}' is not a readable image: {e.Message}"); }
        if (info is null || format is null) throw new LgcException($"'{name}' is not an image format this tool reads (PNG, JPEG, BMP, GIF, TGA, WebP, TIFF)");
        long pixels = (long)info.Width * info.Height;
        if (pixels > MaxPixels)
            throw new LgcException($"'{name}' is {info.Width}x{info.Height} = {pixels} pixels, above the limit of {MaxPixels} pixels (4096x4096)");
        if (truncated != null) warn?.Invoke($"'{name}' is truncated ({truncated}); its missing part decodes as filler");
        try
        {
            // Converting to Rgb24 drops alpha, expands grayscale and reduces 16-bit samples to 8 bits.
            using var img = Image.Load<Rgb24>(bytes);
            var rgb = new RgbImage(img.Width, img.Height);
            img.CopyPixelDataTo(rgb.Pixels);
            return rgb;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Damaged input makes ImageSharp throw many types (e.g. ArgumentException on a cut TGA): all are the file's fault.
            throw new LgcException($"'{name}' could not be decoded: {e.Message}");
        }
    }

    /// <summary>Writes a PNG atomically (temporary file, then rename): an interrupted run leaves no partial file.</summary>
    /// <param name="overwrite">false: an existing file is never replaced (the write fails instead)</param>
    public static void SavePng(RgbImage image, string path, bool overwrite = true)
    {
        using var img = Image.LoadPixelData<Rgb24>(image.Pixels, image.Width, image.Height);
        Formats.AtomicFile.Write(path, s => img.SaveAsPng(s), overwrite);
    }

    /// <summary>A one-channel PNG in memory (e.g. a parsing mask for a tar entry).</summary>
    public static byte[] EncodeGrayPng(byte[] values, int width, int height)
    {
        using var img = Image.LoadPixelData<L8>(values, width, height);
        var ms = new MemoryStream();
        img.SaveAsPng(ms);
        return ms.ToArray();
    }

    public static void SaveGrayPng(byte[] values, int width, int height, string path, bool overwrite = true)
    {
        using var img = Image.LoadPixelData<L8>(values, width, height);
        Formats.AtomicFile.Write(path, s => img.SaveAsPng(s), overwrite);
    }
}
