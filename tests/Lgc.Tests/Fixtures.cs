using Lgc.Formats;
using Lgc.Model;
using Lgc.Tensors;

namespace Lgc.Tests;

/// <summary>Test data shipped in tests/fixtures (tiny generated models, a Kodak crop: no face data).</summary>
static class Fixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "fixtures");
    public static string TinyModel => Path.Combine(Dir, "tiny.safetensors");
    public static string TinyFixture => Path.Combine(Dir, "tiny_fixture.safetensors");
    public static string KodakCrop => Path.Combine(Dir, "kodim23_crop.png");

    /// <summary>A fixture tensor without its leading batch dimension.</summary>
    public static Tensor Tensor(SafeTensorsFile f, string name)
    {
        var info = f.GetInfo(name);
        var s = info.Shape;
        var shape = s.Count switch
        {
            4 => new Shape(s[1], s[2], s[3]),
            2 => new Shape(s[1], 1, 1),
            _ => throw new InvalidDataException($"fixture tensor {name} has shape {info.ShapeText}"),
        };
        return new Tensor(f.GetFloat32(name), shape);
    }

    public static double Nmse(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double num = 0, den = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.False(float.IsNaN(actual[i]) || float.IsInfinity(actual[i]), $"non-finite value at {i}");
            double d = actual[i] - expected[i];
            num += d * d;
            den += (double)expected[i] * expected[i];
        }
        return num / Math.Max(den, 1e-30);
    }

    public static float[] Clamp01(ReadOnlySpan<float> x)
    {
        var r = new float[x.Length];
        for (int i = 0; i < r.Length; i++) r[i] = Math.Clamp(x[i], 0f, 1f);
        return r;
    }
}
