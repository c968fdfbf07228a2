namespace Lgc.Imaging;

/// <summary>An 8-bit RGB image, interleaved, row-major.</summary>
internal sealed class RgbImage
{
    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    public RgbImage(int width, int height, byte[]? pixels = null)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height} must be positive");
        Width = width;
        Height = height;
        Pixels = pixels ?? new byte[checked(width * height * 3)];
        if (Pixels.Length != width * height * 3) throw new ArgumentException($"expected {width * height * 3} bytes, got {Pixels.Length}", nameof(pixels));
    }

    /// <summary>Planar float CHW in [0,1], padded to (padW, padH) by replicating the last column/row.</summary>
    public float[] ToPlanar(int padW, int padH)
    {
        if (padW < Width || padH < Height) throw new ArgumentException("padded size smaller than the image");
        var dst = new float[3 * padW * padH];
        int plane = padW * padH;
        for (int y = 0; y < padH; y++)
        {
            int sy = Math.Min(y, Height - 1);
            for (int x = 0; x < padW; x++)
            {
                int sx = Math.Min(x, Width - 1);
                int s = (sy * Width + sx) * 3;
                int d = y * padW + x;
                dst[d] = Pixels[s] / 255f;
                dst[plane + d] = Pixels[s + 1] / 255f;
                dst[2 * plane + d] = Pixels[s + 2] / 255f;
            }
        }
        return dst;
    }

    /// <summary>Crops the top-left width×height of a planar [3, padH, padW] tensor, clamps to [0,1], rounds half-even.</summary>
    public static RgbImage FromPlanar(ReadOnlySpan<float> x, int padW, int padH, int width, int height)
    {
        if (x.Length != 3 * padW * padH) throw new ArgumentException($"expected {3 * padW * padH} values, got {x.Length}", nameof(x));
        var img = new RgbImage(width, height);
        int plane = padW * padH;
        for (int y = 0; y < height; y++)
            for (int xx = 0; xx < width; xx++)
                for (int c = 0; c < 3; c++)
                {
                    float v = x[c * plane + y * padW + xx];
                    v = float.IsNaN(v) ? 0f : Math.Clamp(v, 0f, 1f);
                    img.Pixels[(y * width + xx) * 3 + c] = (byte)MathF.Round(v * 255f, MidpointRounding.ToEven);
                }
        return img;
    }

    /// <summary>Next multiple of 64 (the networks downsample by 64 in the hyperprior).</summary>
    public static int PadTo64(int n) => (n + 63) / 64 * 64;

    /// <summary>A licence-free test pattern (per-channel sinusoid plus noise), deterministic for a seed:
    /// what tests and the GPU check encode when no real images are given.</summary>
    public static RgbImage Synthetic(int w, int h, int seed)
    {
        var img = new RgbImage(w, h);
        var rnd = new Random(seed);
        double fx = rnd.NextDouble() * 0.2, fy = rnd.NextDouble() * 0.2;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    img.Pixels[(y * w + x) * 3 + c] = (byte)Math.Clamp(128 + 100 * Math.Sin(fx * x + fy * y + c) + rnd.Next(-10, 10), 0, 255);
        return img;
    }
}
