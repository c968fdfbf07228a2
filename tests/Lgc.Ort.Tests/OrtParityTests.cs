using Lgc.Model;
using Lgc.Tensors;

namespace Lgc.Ort.Tests;

/// <summary>
/// The engine's float networks against ONNX Runtime on tools/export_onnx.py's export of the same weight file
/// (tests/fixtures/onnx-tiny from tiny.safetensors): same inputs, outputs within float32 rounding.
/// </summary>
public class OrtParityTests
{
    static string Dir => Path.Combine(AppContext.BaseDirectory, "fixtures");
    static string Onnx(string net) => Path.Combine(Dir, "onnx-tiny", $"{net}.onnx");
    // Both sides sum the same products in float32 in different orders: relative error ~1e-7 per value, so
    // NMSE ~1e-14; 1e-8 still catches any wrong weight, layout, padding or missing layer (those give NMSE > 1e-3).
    const double FloatNmse = 1e-8;
    const int Size = 128; // y 8x8, z 2x2

    static readonly LgcModel Model = LgcModel.Load(Path.Combine(Dir, "tiny.safetensors"), Backends.Create("cpu"));

    static float[] Random(int n, int seed, float lo, float hi)
    {
        var r = new Random(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * r.NextSingle();
        return a;
    }

    static Tensor Image(int seed)
    {
        var s = new Shape(3, Size, Size);
        return new Tensor(Random(s.Length, seed, 0f, 1f), s);
    }

    static Tensor Latent(int c, int hw, int seed, float amp) => new(Random(c * hw * hw, seed, -amp, amp), new Shape(c, hw, hw));

    static double Nmse(float[] actual, float[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double num = 0, den = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(float.IsFinite(actual[i]), $"non-finite value at {i}");
            double d = actual[i] - expected[i];
            num += d * d;
            den += (double)expected[i] * expected[i];
        }
        Assert.True(den > 0, "reference output is all zeros: the comparison would say nothing");
        return num / den;
    }

    static void AssertClose(string net, float[] engine, float[] ort)
    {
        double e = Nmse(engine, ort);
        Console.WriteLine($"{net} engine vs ORT: NMSE={e:E2}");
        Assert.InRange(e, 0, FloatNmse);
    }

    static void AssertShape(Shape s, int[] dims)
    {
        Assert.Equal([1, s.C, s.H, s.W], dims);
    }

    [Fact]
    public void AnalysisMatchesOrt()
    {
        var x = Image(1);
        var y = Model.Analysis.Run(x);
        using var ort = new OrtRunner(Onnx("g_a"));
        var o = ort.Run(OrtRunner.Image("x", x.Data, x.Shape))["y"];
        AssertShape(y.Shape, o.Dims);
        AssertClose("g_a", y.Data, o.Data);
    }

    [Fact]
    public void HyperAnalysisMatchesOrt()
    {
        var c = Model.Config;
        var y = Latent(c.M, Size / 16, 2, 4f);
        var z = Model.HyperAnalysis.Run(y);
        using var ort = new OrtRunner(Onnx("h_a"));
        var o = ort.Run(OrtRunner.Image("y", y.Data, y.Shape))["z"];
        AssertShape(z.Shape, o.Dims);
        AssertClose("h_a", z.Data, o.Data);
    }

    [Fact]
    public void TextureMatchesOrt()
    {
        var x = Image(3);
        var s = Model.TextureCode(x);
        using var ort = new OrtRunner(Onnx("t_a"));
        var o = ort.Run(OrtRunner.Image("x", x.Data, x.Shape))["s"];
        Assert.Equal([1, s.Length], o.Dims);
        AssertClose("t_a", s, o.Data);
    }

    [Fact]
    public void GeneratorMatchesOrt()
    {
        var c = Model.Config;
        var y = Latent(c.M, Size / 16, 4, 4f);
        var style = Random(c.S, 5, -1f, 1f);
        var x = Model.Generator.Run(y, style);
        using var ort = new OrtRunner(Onnx("g_s"));
        var o = ort.Run(OrtRunner.Image("y_hat", y.Data, y.Shape), OrtRunner.Vector("s_hat", style))["x_hat"];
        AssertShape(x.Shape, o.Dims);
        AssertClose("g_s", x.Data, o.Data);
    }

    /// <summary>
    /// h_s: the engine runs exact integers (weights and activations with ActFracBits/WeightFracBits fraction bits),
    /// the ONNX graph the float weights they were rounded from. The gap is that quantisation, not float rounding:
    /// checked loosely (NMSE &lt; 1e-3) — a wrong layer or layout gives NMSE near 1 or above.
    /// </summary>
    [Fact]
    public void HyperSynthesisFixedPointNearOrtFloat()
    {
        var c = Model.Config;
        int hw = Size / 64;
        var r = new Random(6);
        var zInt = new int[c.N * hw * hw];
        for (int i = 0; i < zInt.Length; i++) zInt[i] = r.Next(-4, 5);
        var zShape = new Shape(c.N, hw, hw);
        var h = Model.HyperSynthesis.Run(zInt, zShape);
        int count = h.YShape.Length;
        float inv = 1f / (1 << c.ActFracBits);
        var scales = new float[count];
        for (int i = 0; i < count; i++) scales[i] = h.Raw[count + i] * inv;

        using var ort = new OrtRunner(Onnx("h_s"));
        var o = ort.Run(OrtRunner.Image("z_hat", zInt.Select(v => (float)v).ToArray(), zShape));
        AssertShape(h.YShape, o["means"].Dims);
        AssertShape(h.YShape, o["scales"].Dims);
        double nm = Nmse(h.Means, o["means"].Data), ns = Nmse(scales, o["scales"].Data);
        Console.WriteLine($"h_s fixed point vs ORT float: NMSE means={nm:E2} scales={ns:E2}");
        Assert.InRange(nm, 0, 1e-3);
        Assert.InRange(ns, 0, 1e-3);
    }

    [Fact]
    public void OrtNativeLibraryLoadsAndNamesMatchExport()
    {
        using var ga = new OrtRunner(Onnx("g_a"));
        Assert.Equal(["x"], ga.InputNames);
        Assert.Equal(["y"], ga.OutputNames);
        using var gs = new OrtRunner(Onnx("g_s"));
        Assert.Equal(["y_hat", "s_hat"], gs.InputNames);
        using var hs = new OrtRunner(Onnx("h_s"));
        Assert.Equal(["means", "scales"], hs.OutputNames);
    }
}
