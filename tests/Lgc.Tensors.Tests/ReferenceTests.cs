using Lgc.Tensors.Reference;

namespace Lgc.Tensors.Tests;

/// <summary>The oracle itself against hand-computed results and algebraic identities.</summary>
public sealed class ReferenceTests
{
    private static readonly ReferenceBackend R = new();
    private static readonly float[] X3 = [1, 2, 3, 4, 5, 6, 7, 8, 9];

    private static float[] Conv(Conv2dDesc d, float[] w, float[] b, float[] x, Shape xs)
    {
        var layer = R.Conv2d(d, w, b);
        var y = new float[layer.OutShape(xs).Length];
        layer.Forward(x, xs, y);
        return y;
    }

    [Fact]
    public void Conv3x3LaplacianByHand()
    {
        // up + down + left + right - 4 * centre, zeros outside, + bias 0.5
        float[] w = [0, 1, 0, 1, -4, 1, 0, 1, 0];
        var y = Conv(new Conv2dDesc(1, 1, 3, 1, 1), w, [0.5f], X3, new Shape(1, 3, 3));
        Assert.Equal([2.5f, 1.5f, -3.5f, -2.5f, 0.5f, -6.5f, -15.5f, -10.5f, -21.5f], y);
    }

    [Fact]
    public void Conv3x3Stride2KeepsEveryOtherOutput()
    {
        float[] w = [0, 1, 0, 1, -4, 1, 0, 1, 0];
        var y = Conv(new Conv2dDesc(1, 1, 3, 2, 1), w, [0.5f], X3, new Shape(1, 3, 3));
        Assert.Equal([2.5f, -3.5f, -15.5f, -21.5f], y);
    }

    [Fact]
    public void ConvIsCrossCorrelationNotFlipped()
    {
        // only the top-left tap: out(y, x) = in(y - 1, x - 1)
        var y = Conv(new Conv2dDesc(1, 1, 3, 1, 1), [1, 0, 0, 0, 0, 0, 0, 0, 0], [0], X3, new Shape(1, 3, 3));
        Assert.Equal([0f, 0, 0, 0, 1, 2, 0, 4, 5], y);
    }

    [Fact]
    public void ConvTransposeStampsKernelByHand()
    {
        // stride 2 = kernel size: each input pixel stamps x * kernel into its own 2x2 block
        var layer = R.ConvTranspose2d(new ConvTranspose2dDesc(1, 1, 2, 2, 0, 0), [1, 10, 100, 1000], [0]);
        var y = new float[16];
        layer.Forward([1, 2, 3, 4], new Shape(1, 2, 2), y);
        Assert.Equal([1f, 10, 2, 20, 100, 1000, 200, 2000, 3, 30, 4, 40, 300, 3000, 400, 4000], y);
    }

    [Theory]
    [InlineData(3, 5, 5, 2, 2, 16, 16)]
    [InlineData(3, 5, 5, 2, 2, 17, 15)]
    [InlineData(4, 2, 3, 1, 1, 7, 9)]
    [InlineData(2, 3, 3, 3, 1, 10, 13)]
    [InlineData(2, 2, 4, 2, 1, 8, 10)]
    public void ConvTransposeIsAdjointOfConv(int cin, int cout, int k, int s, int pad, int h, int w)
    {
        // <conv(x), y> = <x, convT(y)> with the same weight tensor (layouts coincide) and no bias
        var cd = new Conv2dDesc(cin, cout, k, s, pad);
        var xs = new Shape(cin, h, w);
        var ys = cd.OutShape(xs);
        int outputPadding = h - ((ys.H - 1) * s - 2 * pad + k);
        Assert.Equal(outputPadding, w - ((ys.W - 1) * s - 2 * pad + k));
        var td = new ConvTranspose2dDesc(cout, cin, k, s, pad, outputPadding);
        var wt = Parity.Data.Uniform("adj-w", cout * cin * k * k);
        var x = Parity.Data.Uniform("adj-x", xs.Length);
        var y = Parity.Data.Uniform("adj-y", ys.Length);

        var cx = Conv(cd, wt, new float[cout], x, xs);
        var tl = R.ConvTranspose2d(td, wt, new float[cin]);
        Assert.Equal(xs, tl.OutShape(ys));
        var ty = new float[xs.Length];
        tl.Forward(y, ys, ty);

        double lhs = Dot(cx, y), rhs = Dot(x, ty);
        Assert.True(Math.Abs(lhs - rhs) <= 1e-5 * (Math.Abs(lhs) + 1), $"{lhs} vs {rhs}");
    }

    private static double Dot(float[] a, float[] b) => a.Zip(b, (p, q) => (double)p * q).Sum();

    [Fact]
    public void BilinearMatchesPyTorchAlignCornersFalse()
    {
        // F.interpolate(torch.tensor([[[[1., 2.], [3., 4.]]]]), scale_factor=2, mode="bilinear", align_corners=False)
        var y = new float[16];
        R.UpsampleBilinear([1, 2, 3, 4], new Shape(1, 2, 2), 2, y);
        Assert.Equal([1f, 1.25f, 1.75f, 2f, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3f, 3.25f, 3.75f, 4f], y);
    }

    [Fact]
    public void NearestRepeatsPixels()
    {
        var y = new float[8];
        R.UpsampleNearest([1, 2], new Shape(1, 1, 2), 2, y);
        Assert.Equal([1f, 1, 2, 2, 1, 1, 2, 2], y);
    }

    [Fact]
    public void GdnByHand()
    {
        // out_0 = x_0 / sqrt(beta_0 + g00 x_0^2 + g01 x_1^2) = 1 / sqrt(1 + 1 + 2*4) ... with x = (1, 2)
        float[] beta = [1, 2], gamma = [1, 0.5f, 0, 0.25f];
        var gdn = new float[2];
        R.Gdn(2, beta, gamma, inverse: false).Forward([1, 2], new Shape(2, 1, 1), gdn);
        Assert.Equal(1 / Math.Sqrt(1 + 1 + 0.5 * 4), gdn[0], 6);
        Assert.Equal(2 / Math.Sqrt(2 + 0.25 * 4), gdn[1], 6);
        var igdn = new float[2];
        R.Gdn(2, beta, gamma, inverse: true).Forward([1, 2], new Shape(2, 1, 1), igdn);
        Assert.Equal(1 * Math.Sqrt(4), igdn[0], 6);
        Assert.Equal(2 * Math.Sqrt(3), igdn[1], 6);
    }

    [Fact]
    public void PixelShuffleByHand()
    {
        var y = new float[4];
        R.PixelShuffle([0, 1, 2, 3], new Shape(4, 1, 1), 2, y);
        Assert.Equal([0f, 1, 2, 3], y);
        var y2 = new float[8];
        // channel c*4 + i*2 + j goes to (2h + i, 2w + j)
        R.PixelShuffle([0, 10, 1, 11, 2, 12, 3, 13], new Shape(4, 1, 2), 2, y2);
        Assert.Equal([0f, 1, 10, 11, 2, 3, 12, 13], y2);
    }

    [Fact]
    public void SoftmaxArgmaxAdaInByHand()
    {
        var sm = new float[2];
        R.SoftmaxChannels([MathF.Log(1), MathF.Log(3)], new Shape(2, 1, 1), sm);
        Assert.Equal(0.25f, sm[0], 6);
        Assert.Equal(0.75f, sm[1], 6);

        var am = new int[2];
        R.ArgmaxChannels([5, 1, 5, 7, 1, 7], new Shape(3, 1, 2), am);
        Assert.Equal([0, 1], am); // tie between channels 0 and 1 at pixel 0: lowest wins

        var ada = new float[2];
        R.AdaIn([2, 3], new Shape(2, 1, 1), [0.5f, -1, 1, 10], instanceNorm: false, ada);
        Assert.Equal([2 * 1.5f + 1, 3 * 0f + 10], ada);
    }

    [Fact]
    public void PoolsAndLinearByHand()
    {
        var ap = new float[2];
        R.AvgPool([1, 2, 10, 20, 3, 4, 30, 40], new Shape(1, 2, 4), 2, ap);
        Assert.Equal([2.5f, 25f], ap);
        var gp = new float[2];
        R.GlobalAvgPool([1, 2, 3, 4, 5, 6], new Shape(2, 1, 3), gp);
        Assert.Equal([2f, 5f], gp);
        var lin = new float[2];
        R.Linear([1, 2], [1, 2, 3, 4], [10, 20], 2, 2, lin);
        Assert.Equal([15f, 31f], lin);
    }
}
