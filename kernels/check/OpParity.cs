using System.Diagnostics;
using Lgc.Tensors;
using Lgc.Tensors.Simd;

namespace Lgc.Kernels.Check;

/// <summary>
/// Part (a): model-sized layers on the device against the SIMD CPU backend (itself parity-tested
/// against the reference), NMSE ≤ 5e-4; the fixed-point h_s convs against FixedPointOps (exact);
/// per-layer times through the span API (copies included).
/// </summary>
internal sealed class OpParity(IlgpuBackend gpu, bool small)
{
    readonly SimdBackend cpu = new();

    public bool Run()
    {
        // channels and input size of the model's analysis/synthesis layers (docs/model-format.md); small for a smoke run
        int c = small ? 16 : 192, size = small ? 32 : 256;
        bool ok = true;
        foreach (var (name, desc, xs) in new[]
        {
            ("g_a conv1 3->C k5 s2", new Conv2dDesc(3, c, 5, 2, 2), new Shape(3, size, size)),
            ("g_a conv2 C->C k5 s2", new Conv2dDesc(c, c, 5, 2, 2), new Shape(c, size / 2, size / 2)),
            ("h_a conv C->C k3 s1", new Conv2dDesc(c, c, 3, 1, 1), new Shape(c, size / 16, size / 16)),
        })
            ok &= Layer(name, xs, b => b.Conv2d(desc, Rand(1, desc.Cout * desc.Cin * desc.K * desc.K), Rand(2, desc.Cout)), 2.0 * desc.Cin * desc.K * desc.K);

        foreach (var (name, desc, xs) in new[]
        {
            ("g_s deconv C->C k5 s2", new ConvTranspose2dDesc(c, c, 5, 2, 2, 1), new Shape(c, size / 4, size / 4)),
            ("g_s deconv C->3 k5 s2", new ConvTranspose2dDesc(c, 3, 5, 2, 2, 1), new Shape(c, size / 2, size / 2)),
        })
            ok &= Layer(name, xs, b => b.ConvTranspose2d(desc, Rand(3, desc.Cin * desc.Cout * 25), Rand(4, desc.Cout)), 2.0 * desc.Cin * desc.K * desc.K / (desc.Stride * desc.Stride));

        foreach (bool inverse in new[] { false, true })
            ok &= Layer(inverse ? "IGDN C" : "GDN C", new Shape(c, size / 2, size / 2),
                b => b.Gdn(c, Rand(5, c, 0.5f, 1.5f), Rand(6, c * c, 0f, 0.1f), inverse), 2.0 * c);

        ok &= FixedPoint(new IlgpuFixedPoint(gpu), c, size / 64);
        return ok;
    }

    // One layer: NMSE against the CPU backend, then the median of warm runs, span copies included,
    // as ms and GFLOP/s from flopsPerOutput (multiply + add).
    bool Layer(string name, Shape xs, Func<IBackend, ILayer> make, double flopsPerOutput)
    {
        var x = Rand(7, xs.Length, -1f, 1f);
        var lg = make(gpu);
        var os = lg.OutShape(xs);
        var expected = new float[os.Length];
        var actual = new float[os.Length];
        make(cpu).Forward(x, xs, expected);
        lg.Forward(x, xs, actual);
        double nmse = Nmse(actual, expected);
        var times = new List<double>();
        for (int i = 0; i < (small ? 3 : 20); i++)
        {
            var sw = Stopwatch.StartNew();
            lg.Forward(x, xs, actual);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        double ms = times[times.Count / 2];
        bool ok = nmse <= 5e-4;
        Console.WriteLine($"  {name,-24} {xs} -> {os}  NMSE {nmse:e2} {(ok ? "ok" : "FAIL")}  {ms,8:f3} ms  {flopsPerOutput * os.Length / ms / 1e6,9:f2} GFLOP/s");
        return ok;
    }

    static bool FixedPoint(IlgpuFixedPoint fp, int ch, int hw)
    {
        var d = new Conv2dDesc(ch, ch, 3, 1, 1);
        var t = new ConvTranspose2dDesc(ch, ch, 5, 2, 2, 1);
        var xs = new Shape(ch, Math.Max(hw, 2), Math.Max(hw, 2));
        var rng = new Random(8);
        var x = Enumerable.Range(0, xs.Length).Select(_ => rng.NextInt64(-(1L << 20), 1L << 20)).ToArray();
        var w = Enumerable.Range(0, ch * ch * 25).Select(_ => rng.Next(-(1 << 15), 1 << 15)).ToArray();
        var b = Enumerable.Range(0, ch).Select(_ => rng.Next(-(1 << 20), 1 << 20)).ToArray();
        var os = d.OutShape(xs);
        long[] e1 = new long[os.Length], a1 = new long[os.Length];
        FixedPointOps.Conv2d(d, x, xs, w.AsSpan(0, ch * ch * 9), b, 12, true, 30, e1);
        fp.Conv2d(d, x, xs, w.AsSpan(0, ch * ch * 9), b, 12, true, 30, a1);
        var ots = t.OutShape(xs);
        long[] e2 = new long[ots.Length], a2 = new long[ots.Length];
        FixedPointOps.ConvTranspose2d(t, x, xs, w, b, 12, false, 30, e2);
        fp.ConvTranspose2d(t, x, xs, w, b, 12, false, 30, a2);
        bool exact = e1.AsSpan().SequenceEqual(a1) && e2.AsSpan().SequenceEqual(a2);
        Console.WriteLine($"  fixed-point h_s convs    {xs}  {(exact ? "exact" : "MISMATCH")}");
        return exact;
    }

    static float[] Rand(int seed, int n, float lo = -0.1f, float hi = 0.1f)
    {
        var rng = new Random(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng.NextSingle();
        return a;
    }

    static double Nmse(float[] a, float[] b)
    {
        double num = 0, den = 0;
        for (int i = 0; i < a.Length; i++)
        {
            num += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
            den += (double)b[i] * b[i];
        }
        return num / Math.Max(den, 1e-30);
    }
}
