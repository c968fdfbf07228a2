namespace Lgc.Evaluation;

/// <summary>
/// What one row measures. Families: "lgc" (our decoded pixels), "lgc-latents" (analysis from the base layer,
/// rate = header + base layer bytes), "jpeg-matched"/"webp-matched" (at most the .lgc file's bytes, per image),
/// "jpeg"/"webp" (fixed quality ladder), "original" (the uncompressed image, 24 bpp), "hyperprior" (decoded pixels of a
/// non-generative scale-hyperprior reference model; it has no heads and no texture layer, so it gets no latents or matched rows).
/// </summary>
public sealed record EvalMethod(string Name, string Family, int Quality = 0, int Model = -1)
{
    public const string Reference = "hyperprior";

    /// <param name="reference">per model: a reference model (its decoded pixels only, family "hyperprior")</param>
    public static IReadOnlyList<EvalMethod> Plan(IReadOnlyList<string> models, IReadOnlyList<int> ladder, bool matched, bool original,
        IReadOnlyList<bool>? reference = null)
    {
        var m = new List<EvalMethod>();
        for (int i = 0; i < models.Count; i++)
        {
            if (reference != null && reference[i]) { m.Add(new($"{Reference}:{models[i]}", Reference, 0, i)); continue; }
            m.Add(new($"lgc:{models[i]}", "lgc", 0, i));
            m.Add(new($"lgc-latents:{models[i]}", "lgc-latents", 0, i));
            if (matched)
            {
                m.Add(new($"jpeg@{models[i]}", "jpeg-matched", 0, i));
                m.Add(new($"webp@{models[i]}", "webp-matched", 0, i));
            }
        }
        foreach (int q in ladder) m.Add(new($"jpeg-q{q}", "jpeg", q));
        foreach (int q in ladder) m.Add(new($"webp-q{q}", "webp", q));
        if (original) m.Add(new("original", "original"));
        return m;
    }
}
