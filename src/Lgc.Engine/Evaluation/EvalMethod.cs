namespace Lgc.Evaluation;

/// <summary>
/// What one row measures. Families: "lgc" (our decoded pixels), "lgc-latents" (analysis from the base layer,
/// rate = header + base layer bytes), "jpeg-matched"/"webp-matched" (at most the .lgc file's bytes, per image),
/// "jpeg"/"webp" (fixed quality ladder), "original" (the uncompressed image, 24 bpp).
/// </summary>
public sealed record EvalMethod(string Name, string Family, int Quality = 0, int Model = -1)
{
    public static IReadOnlyList<EvalMethod> Plan(IReadOnlyList<string> models, IReadOnlyList<int> ladder, bool matched, bool original)
    {
        var m = new List<EvalMethod>();
        for (int i = 0; i < models.Count; i++)
        {
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
