namespace Lgc.Tensors.Tests.Parity;

/// <summary>
/// One op at one shape: <see cref="Op"/> names the IBackend member it exercises (for the
/// coverage check); <see cref="Run"/> builds its inputs deterministically from the case name and
/// returns the backend's output, written through <see cref="Guarded"/>.
/// </summary>
internal sealed record OpCase(string Op, string Name, Func<IBackend, float[]> Run, Tolerance Tolerance)
{
    public override string ToString() => Name;
}

/// <summary>Deterministic inputs: the same case name always gives the same numbers.</summary>
public static class Data
{
    public static float[] Uniform(string seed, int n, float lo = -1f, float hi = 1f)
    {
        var rng = new Random(StableHash(seed));
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng.NextSingle();
        return a;
    }

    /// <summary>Small integers, so ties are common (for argmax).</summary>
    public static float[] Levels(string seed, int n, int levels)
    {
        var rng = new Random(StableHash(seed));
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rng.Next(levels);
        return a;
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char c in s) h = (h ^ c) * 16777619;
            return h;
        }
    }
}
