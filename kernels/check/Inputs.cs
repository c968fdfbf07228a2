using Lgc.Imaging;

namespace Lgc.Kernels.Check;

/// <summary>The images of the end-to-end and speed parts: the first files of a folder, or synthetic ones.</summary>
internal static class Inputs
{
    static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".bmp", ".webp", ".tif", ".tiff", ".tga", ".gif"];

    public static List<(string Name, RgbImage Image)> Load(string? dir, int count, bool small)
    {
        var list = new List<(string, RgbImage)>();
        if (dir is not null)
        {
            if (!Directory.Exists(dir)) throw new ArgumentException($"--images: folder '{dir}' does not exist");
            foreach (var f in Directory.EnumerateFiles(dir).Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order())
            {
                if (list.Count == count) break;
                try { list.Add((Path.GetFileName(f), ImageIo.Load(f))); }
                catch (Exception e) { Console.WriteLine($"  skipping {f}: {e.Message}"); }
            }
            if (list.Count == 0) throw new ArgumentException($"--images: no readable image in '{dir}'");
            return list;
        }
        // Synthetic: smooth gradients plus noise; sizes that are and are not multiples of 64.
        (int W, int H)[] sizes = small ? [(64, 64), (72, 50)] : [(256, 256), (320, 256), (192, 64), (250, 200)];
        for (int i = 0; i < count; i++)
        {
            var (w, h) = sizes[i % sizes.Length];
            list.Add(($"synthetic{i}-{w}x{h}", Synthetic(w, h, 100 + i)));
        }
        return list;
    }

    public static RgbImage Synthetic(int w, int h, int seed) => RgbImage.Synthetic(w, h, seed);
}
