namespace Lgc.Lab.Evaluation;

/// <summary>
/// What one row measures. Families: "lgc" (our decoded pixels), "lgc-latents" (analysis from the base layer,
/// rate = header + base layer bytes), one per classic codec (its Name, e.g. "avif-s6", "cjpeg", "jpeg-imagesharp":
/// fixed quality ladder) and "Name-matched" (at most the .lgc file's bytes, per image), "original" (the uncompressed
/// image, 24 bpp), "hyperprior" (decoded pixels of a non-generative scale-hyperprior reference model; it has no heads
/// and no texture layer, so it gets no latents or matched rows). Codec: the classic codec of a classic row.
/// </summary>
internal sealed record EvalMethod(string Name, string Family, int Quality = 0, int Model = -1, ClassicCodec? Codec = null)
{
    public const string Reference = "hyperprior";

    /// <summary>Family of a classic codec's matched rows.</summary>
    public static string Matched(ClassicCodec c) => c.Name + "-matched";

    /// <param name="reference">per model: a reference model (its decoded pixels only, family "hyperprior")</param>
    /// <param name="codecs">the classic codecs; default: ImageSharp's JPEG and WebP</param>
    public static IReadOnlyList<EvalMethod> Plan(IReadOnlyList<string> models, IReadOnlyList<int> ladder, bool matched, bool original,
        IReadOnlyList<bool>? reference = null, IReadOnlyList<ClassicCodec>? codecs = null)
    {
        codecs ??= [ClassicCodec.Jpeg, ClassicCodec.WebP];
        var m = new List<EvalMethod>();
        for (int i = 0; i < models.Count; i++)
        {
            if (reference != null && reference[i]) { m.Add(new($"{Reference}:{models[i]}", Reference, 0, i)); continue; }
            m.Add(new($"lgc:{models[i]}", "lgc", 0, i));
            m.Add(new($"lgc-latents:{models[i]}", "lgc-latents", 0, i));
            if (matched)
                foreach (var c in codecs) m.Add(new($"{c.Name}@{models[i]}", Matched(c), 0, i, c));
        }
        foreach (var c in codecs)
            foreach (int q in c.Ladder(ladder)) m.Add(new($"{c.Name}-q{q}", c.Name, q, -1, c));
        if (original) m.Add(new("original", "original"));
        return m;
    }

    /// <summary>
    /// Rows written before the ImageSharp codecs were labelled as such ("jpeg-q5", "webp@lgc-low", family "jpeg" ...)
    /// read as their labelled names, so old per_image.csv files keep their rows.
    /// </summary>
    public static (string Method, string Family) Legacy(string method, string family) => family switch
    {
        "jpeg" or "webp" => ($"{family}-imagesharp{method[4..]}", $"{family}-imagesharp"),
        "jpeg-matched" or "webp-matched" => ($"{family[..4]}-imagesharp{method[4..]}", $"{family[..4]}-imagesharp-matched"),
        _ => (method, family),
    };
}
