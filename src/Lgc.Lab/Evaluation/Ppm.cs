using Lgc.Imaging;

namespace Lgc.Lab.Evaluation;

/// <summary>Binary PPM (P6, maxval 255): the plain interchange format of the command-line codecs (cjpeg reads it, djpeg writes it).</summary>
static class Ppm
{
    public static byte[] Write(RgbImage img)
    {
        var head = System.Text.Encoding.ASCII.GetBytes($"P6\n{img.Width} {img.Height}\n255\n");
        var all = new byte[head.Length + img.Pixels.Length];
        head.CopyTo(all, 0);
        img.Pixels.CopyTo(all, head.Length);
        return all;
    }

    public static RgbImage Read(byte[] b, string name)
    {
        int p = 0;
        string Token()
        {
            while (p < b.Length && (char.IsWhiteSpace((char)b[p]) || b[p] == '#'))
            {
                if (b[p] == '#') while (p < b.Length && b[p] != '\n') p++;
                else p++;
            }
            int s = p;
            while (p < b.Length && !char.IsWhiteSpace((char)b[p])) p++;
            return System.Text.Encoding.ASCII.GetString(b, s, p - s);
        }
        if (Token() != "P6") throw new LgcException($"'{name}' is not a binary PPM");
        if (!int.TryParse(Token(), out int w) || !int.TryParse(Token(), out int h) || Token() != "255" || w <= 0 || h <= 0)
            throw new LgcException($"'{name}' has a PPM header this reader does not take (want 8-bit RGB)");
        p++; // the one whitespace byte after maxval
        long n = 3L * w * h;
        if (b.Length - p < n) throw new LgcException($"'{name}' is a truncated PPM");
        var img = new RgbImage(w, h);
        Array.Copy(b, p, img.Pixels, 0, n);
        return img;
    }
}
