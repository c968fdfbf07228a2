using Lgc.Imaging;
using Lgc.Model;
using Lgc.Tensors;

namespace Lgc;

/// <summary>Face parsing mask and attribute probabilities for one image.</summary>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Mask">Width × Height class indices (row-major) into <see cref="FaceLabels.ParseClasses"/>.</param>
/// <param name="AttributeProbabilities">One probability per <see cref="FaceLabels.Attributes"/> entry.</param>
/// <param name="Source">"latents" (read from an .lgc file's base layer, no pixels decoded) or "rgb" (the RGB-input baseline heads).</param>
public sealed record FaceAnalysis(int Width, int Height, byte[] Mask, float[] AttributeProbabilities, string Source)
{
    /// <summary>Attribute <paramref name="i"/> predicted present (probability ≥ 0.5).</summary>
    public bool Label(int i) => AttributeProbabilities[i] >= 0.5f;
}

/// <summary>
/// Runs the analysis heads: from the base layer of an .lgc file (entropy decode only; the generator never
/// runs), or from RGB pixels with the RGB-input baseline heads.
/// </summary>
internal static class FaceAnalyzer
{
    public static FaceAnalysis FromLgc(LgcCodec codec, byte[] file)
    {
        var heads = codec.Model.LatentHeads ?? throw new LgcException($"model '{codec.Model.Source}' has no analysis heads (C = 0)");
        var info = LgcCodec.InspectHeader(file);
        var yHat = codec.DecodeBase(file);
        return Run(codec.Model.Backend, heads, yHat, info.Width, info.Height, "latents");
    }

    public static FaceAnalysis FromImage(LgcCodec codec, RgbImage image)
    {
        var m = codec.Model;
        if (m.RgbStem == null || m.RgbHeads == null)
            throw new LgcException($"model '{m.Source}' has no RGB-input heads (rgb_heads = false)");
        int pw = RgbImage.PadTo64(image.Width), ph = RgbImage.PadTo64(image.Height);
        var features = m.RgbStem.Run(new Tensor(image.ToPlanar(pw, ph), new Shape(3, ph, pw)));
        return Run(m.Backend, m.RgbHeads, features, image.Width, image.Height, "rgb");
    }

    static FaceAnalysis Run(IBackend b, AnalysisHeads heads, Tensor features, int w, int h, string source)
    {
        var (logits, attrLogits) = heads.Run(features);
        var s = logits.Shape;
        var arg = new int[s.Plane];
        b.ArgmaxChannels(logits.Data, s, arg);
        var mask = new byte[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                mask[y * w + x] = (byte)arg[y * s.W + x];
        var prob = new float[attrLogits.Length];
        b.Sigmoid(attrLogits, prob);
        return new(w, h, mask, prob, source);
    }

    /// <summary>The mask in palette colours (for people; the mask PNG keeps raw class indices for machines).</summary>
    public static RgbImage Colorize(FaceAnalysis a)
    {
        var img = new RgbImage(a.Width, a.Height);
        for (int i = 0; i < a.Mask.Length; i++)
        {
            var (r, g, bl) = FaceLabels.Palette[a.Mask[i]];
            img.Pixels[3 * i] = r; img.Pixels[3 * i + 1] = g; img.Pixels[3 * i + 2] = bl;
        }
        return img;
    }

    public static string AttributesJson(FaceAnalysis a)
    {
        var entries = FaceLabels.Attributes.Select((n, i) => new FaceAttributeEntry(n, MathF.Round(a.AttributeProbabilities[i], 4), a.Label(i))).ToList();
        return System.Text.Json.JsonSerializer.Serialize(new FaceAttributesDocument(a.Source, entries), EngineJson.Default.FaceAttributesDocument);
    }
}
