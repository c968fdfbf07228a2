using Lgc.Formats;

namespace Lgc.Tests;

/// <summary>
/// The engine against PyTorch on the tools' tiny model (tools/make_fixture.py): every stage of the
/// encoder and decoder, on every CPU backend. Integer stages must match exactly.
/// </summary>
public class FixtureParityTests
{
    const double MaxNmse = 1e-6;
    static readonly SafeTensorsFile Fx = SafeTensorsFile.Load(Fixtures.TinyFixture);

    public static TheoryData<string> BackendNames => new(Backends.Names);

    [Theory, MemberData(nameof(BackendNames))]
    public void EveryStageMatchesPyTorch(string backend)
    {
        using var codec = LgcCodec.Load(Fixtures.TinyModel, backend);
        var x = Fixtures.Tensor(Fx, "x");
        var t = codec.Trace(x);

        Assert.True(Fixtures.Nmse(t.Y.Data, Fx.GetFloat32("y")) <= MaxNmse, "y");
        Assert.True(Fixtures.Nmse(t.Z.Data, Fx.GetFloat32("z")) <= MaxNmse, "z");
        Assert.Equal(Array.ConvertAll(Fx.GetFloat32("z_hat"), v => (int)v), t.ZHat);
        Assert.Equal(Fx.GetInt32("hs_out"), Array.ConvertAll(t.Hyper.Raw, v => checked((int)v)));
        Assert.Equal(3, t.Hyper.Int32Layers); // the fixture runs the int32 path (its bound holds)
        Assert.Equal(Fx.GetFloat32("means"), t.Hyper.Means);
        Assert.Equal(Fx.GetInt32("scale_index"), t.Hyper.ScaleIndex);
        Assert.Equal(Fx.GetInt32("y_sym"), t.YSym);
        Assert.Equal(Fx.GetFloat32("y_hat"), t.YHat.Data);
        Assert.True(Fixtures.Nmse(t.Style, Fx.GetFloat32("s")) <= MaxNmse, "s");
        Assert.Equal(Array.ConvertAll(Fx.GetFloat32("s_hat"), v => (int)v), t.StyleHat);
        var xHat = Fixtures.Clamp01(t.XHat.Data);
        Assert.True(Fixtures.Nmse(xHat, Fixtures.Clamp01(Fx.GetFloat32("x_hat"))) <= MaxNmse, "x_hat");
    }

    [Theory, MemberData(nameof(BackendNames))]
    public void AnalysisHeadsMatchPyTorch(string backend)
    {
        using var codec = LgcCodec.Load(Fixtures.TinyModel, backend);
        var m = codec.Model;
        var yHat = Fixtures.Tensor(Fx, "y_hat");
        Assert.True(Fixtures.Nmse(m.LatentHeads!.Trunk(yHat).Data, Fx.GetFloat32("an_trunk")) <= MaxNmse, "an_trunk");
        var (parse, attr) = m.LatentHeads.Run(yHat);
        Assert.True(Fixtures.Nmse(parse.Data, Fx.GetFloat32("parse_logits")) <= MaxNmse, "parse_logits");
        Assert.True(Fixtures.Nmse(attr, Fx.GetFloat32("attr_logits")) <= MaxNmse, "attr_logits");

        var stem = m.RgbStem!.Run(Fixtures.Tensor(Fx, "x"));
        var (rParse, rAttr) = m.RgbHeads!.Run(stem);
        Assert.True(Fixtures.Nmse(rParse.Data, Fx.GetFloat32("rgb_parse_logits")) <= MaxNmse, "rgb_parse_logits");
        Assert.True(Fixtures.Nmse(rAttr, Fx.GetFloat32("rgb_attr_logits")) <= MaxNmse, "rgb_attr_logits");
    }

    /// <summary>The hyperprior-v1 architecture (no texture layer, no heads): its own tiny model and fixture.</summary>
    [Theory, MemberData(nameof(BackendNames))]
    public void HyperpriorArchitectureMatchesPyTorch(string backend)
    {
        var fx = SafeTensorsFile.Load(Path.Combine(Fixtures.Dir, "tiny-hp_fixture.safetensors"));
        using var codec = LgcCodec.Load(Path.Combine(Fixtures.Dir, "tiny-hp.safetensors"), backend);
        Assert.False(codec.Config.HasTexture);
        var t = codec.Trace(Fixtures.Tensor(fx, "x"));
        Assert.True(Fixtures.Nmse(t.Y.Data, fx.GetFloat32("y")) <= MaxNmse, "y");
        Assert.Equal(Array.ConvertAll(fx.GetFloat32("z_hat"), v => (int)v), t.ZHat);
        Assert.Equal(fx.GetInt32("hs_out"), Array.ConvertAll(t.Hyper.Raw, v => checked((int)v)));
        Assert.Equal(fx.GetInt32("scale_index"), t.Hyper.ScaleIndex);
        Assert.Equal(fx.GetInt32("y_sym"), t.YSym);
        Assert.Equal(fx.GetFloat32("y_hat"), t.YHat.Data);
        Assert.True(Fixtures.Nmse(Fixtures.Clamp01(t.XHat.Data), Fixtures.Clamp01(fx.GetFloat32("x_hat"))) <= MaxNmse, "x_hat");
        var img = Imaging.RgbImage.FromPlanar(Fixtures.Tensor(fx, "x").Data, 64, 64, 64, 64);
        var res = codec.Compress(img);
        var file = LgcContainer.Read(res.Bytes);
        Assert.False(file.HasTexture);
        Assert.Equal(2, file.Layers.Count); // base layer only: z and y, no texture layer
        Assert.Equal(64, codec.Decompress(res.Bytes).Width);
    }
}
