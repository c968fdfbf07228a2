using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Lgc.Imaging;

/// <summary>Reads any image ImageSharp knows (PNG incl. 16-bit, grayscale, alpha; JPEG; ...) as 8-bit RGB.</summary>
public static class ImageIo
{
    /// <summary>Largest accepted image; bigger inputs are refused before decoding.</summary>
    public const long MaxPixels = 16_777_216; // 4096 x 4096

    public static RgbImage Load(string path)
    {
        if (!File.Exists(path)) throw new LgcException($"input '{path}' does not exist");
        byte[] bytes = File.ReadAllBytes(path);
        return Decode(bytes, path);
    }

    public static RgbImage Decode(byte[] bytes, string name = "image")
    {
        IImageInfo? info;
        try { info = Image.Identify(bytes); }
        catch (Exception e) when (e is ImageFormatException or InvalidDataException) { throw new LgcException($"'{name}' is not a readable image: {e.Message}"); }
        if (info is null) throw new LgcException($"'{name}' is not an image format this tool reads (PNG, JPEG, BMP, GIF, TGA, WebP, TIFF)");
        long pixels = (long)info.Width * info.Height;
        if (pixels > MaxPixels)
            throw new LgcException($"'{name}' is {info.Width}x{info.Height} = {pixels} pixels, above the limit of {MaxPixels} pixels (4096x4096)");
        try
        {
            // Converting to Rgb24 drops alpha, expands grayscale and reduces 16-bit samples to 8 bits.
            using var img = Image.Load<Rgb24>(bytes);
            var rgb = new RgbImage(img.Width, img.Height);
            img.CopyPixelDataTo(rgb.Pixels);
            return rgb;
        }
        catch (Exception e) when (e is ImageFormatException or InvalidDataException or NotSupportedException)
        {
            throw new LgcException($"'{name}' could not be decoded: {e.Message}");
        }
    }

    /// <summary>Writes a PNG atomically (temporary file, then rename): an interrupted run leaves no partial file.</summary>
    public static void SavePng(RgbImage image, string path)
    {
        using var img = Image.LoadPixelData<Rgb24>(image.Pixels, image.Width, image.Height);
        Formats.AtomicFile.Write(path, s => img.SaveAsPng(s));
    }

    public static void SaveGrayPng(byte[] values, int width, int height, string path)
    {
        using var img = Image.LoadPixelData<L8>(values, width, height);
        Formats.AtomicFile.Write(path, s => img.SaveAsPng(s));
    }
}
