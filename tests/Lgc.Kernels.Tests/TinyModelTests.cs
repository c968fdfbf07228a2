using Lgc.Formats;
using Lgc.Model;
using Lgc.Tensors;

namespace Lgc.Kernels.Tests;

/// <summary>
/// The whole tiny model (tests/fixtures, tools/make_fixture.py) on the ILGPU simulator against
/// PyTorch's outputs, with the bounds the engine's fixture parity tests use for the CPU backends.
/// </summary>
public sealed class TinyModelTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", name);

    [Fact]
    public void EncodeAndDecodeMatchPyTorch()
    {
        var fx = SafeTensorsFile.Load(Fixture("tiny_fixture.safetensors"));
        var model = LgcModel.Load(Fixture("tiny.safetensors"), Backends.Create("ilgpu-cpu", out string description));
        Assert.StartsWith("ilgpu-cpu (", description);
        var info = fx.GetInfo("x").Shape;
        var t = new LgcCodec(model).Trace(new Tensor(fx.GetFloat32("x"), new Shape(info[1], info[2], info[3])));

        Assert.True(Nmse(t.Y.Data, fx.GetFloat32("y")) <= 1e-6, "y");
        Assert.True(Nmse(t.Z.Data, fx.GetFloat32("z")) <= 1e-6, "z");
        Assert.Equal(Array.ConvertAll(fx.GetFloat32("z_hat"), v => (int)v), t.ZHat);
        Assert.Equal(fx.GetInt32("y_sym"), t.YSym);
        Assert.True(Nmse(t.XHat.Data, fx.GetFloat32("x_hat")) <= 1e-6, "x_hat");
    }

    private static double Nmse(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(b.Length, a.Length);
        double num = 0, den = 0;
        for (int i = 0; i < a.Length; i++)
        {
            num += ((double)a[i] - b[i]) * ((double)a[i] - b[i]);
            den += (double)b[i] * b[i];
        }
        return num / Math.Max(den, 1e-30);
    }
}
