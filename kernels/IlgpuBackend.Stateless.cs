using ILGPU;
using ILGPU.Runtime;
using Lgc.Tensors;

namespace Lgc.Kernels;

internal sealed partial class IlgpuBackend
{
    public void AdaIn(ReadOnlySpan<float> x, Shape s, ReadOnlySpan<float> p, bool instanceNorm, Span<float> dst)
    {
        OpCheck.AdaIn(x, s, p, dst);
        lock (Gate)
        {
            var xv = In0.Upload(x);
            var stats = Aux.Get(2 * s.C);
            if (instanceNorm) K.AdaIn.Stats(s.C, xv, stats, s.Plane);
            var y = Out.Get(s.Length);
            K.AdaIn.Apply(s.Length, xv, In1.Upload(p), stats, y, new AdaInArgs(s.C, s.Plane, instanceNorm ? 1 : 0));
            Device.Download(y, dst);
        }
    }

    public void Relu(ReadOnlySpan<float> x, Span<float> dst) =>
        Unary(x, dst, (n, xv, y) => K.Pointwise.Relu(n, xv, y));

    public void LeakyRelu(ReadOnlySpan<float> x, float slope, Span<float> dst) =>
        Unary(x, dst, (n, xv, y) => K.Pointwise.LeakyRelu(n, xv, y, slope));

    public void Sigmoid(ReadOnlySpan<float> x, Span<float> dst) =>
        Unary(x, dst, (n, xv, y) => K.Pointwise.Sigmoid(n, xv, y));

    public void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst)
    {
        int n = OpCheck.Binary(a, b, dst);
        if (n == 0) return;
        lock (Gate)
        {
            var y = Out.Get(n);
            K.Pointwise.Add(n, In0.Upload(a), In1.Upload(b), y);
            Device.Download(y, dst);
        }
    }

    public void Concat(ReadOnlySpan<float> a, Shape sa, ReadOnlySpan<float> b, Shape sb, Span<float> dst)
    {
        var so = OpCheck.Concat(a, sa, b, sb, dst);
        lock (Gate)
        {
            var y = Out.Get(so.Length);
            K.Channel.Concat(so.Length, In0.Upload(a), In1.Upload(b), y, a.Length);
            Device.Download(y, dst);
        }
    }

    public void UpsampleNearest(ReadOnlySpan<float> x, Shape s, int factor, Span<float> dst)
    {
        var so = OpCheck.Upsample(x, s, factor, dst);
        Image(x, so.Length, dst, (n, xv, y) => K.Resample.Nearest(n, xv, y, new ResampleArgs(s.H, s.W, factor)));
    }

    public void UpsampleBilinear(ReadOnlySpan<float> x, Shape s, int factor, Span<float> dst)
    {
        var so = OpCheck.Upsample(x, s, factor, dst);
        Image(x, so.Length, dst, (n, xv, y) => K.Resample.Bilinear(n, xv, y, new ResampleArgs(s.H, s.W, factor)));
    }

    public void PixelShuffle(ReadOnlySpan<float> x, Shape s, int r, Span<float> dst)
    {
        var so = OpCheck.PixelShuffle(x, s, r, dst);
        Image(x, so.Length, dst, (n, xv, y) => K.Resample.PixelShuffle(n, xv, y, new ResampleArgs(s.H, s.W, r)));
    }

    public void AvgPool(ReadOnlySpan<float> x, Shape s, int k, Span<float> dst)
    {
        var so = OpCheck.AvgPool(x, s, k, dst);
        Image(x, so.Length, dst, (n, xv, y) => K.Pool.Avg(n, xv, y, new ResampleArgs(s.H, s.W, k)));
    }

    public void GlobalAvgPool(ReadOnlySpan<float> x, Shape s, Span<float> dst)
    {
        OpCheck.Image(x, s, dst, s.C);
        Image(x, s.C, dst, (n, xv, y) => K.Pool.GlobalAvg(n, xv, y, s.Plane));
    }

    public void SoftmaxChannels(ReadOnlySpan<float> x, Shape s, Span<float> dst)
    {
        OpCheck.Image(x, s, dst, s.Length);
        lock (Gate)
        {
            var y = Out.Get(s.Length);
            K.Channel.Softmax(s.Plane, In0.Upload(x), y, new ChannelArgs(s.C, s.Plane));
            Device.Download(y, dst);
        }
    }

    public void ArgmaxChannels(ReadOnlySpan<float> x, Shape s, Span<int> dst)
    {
        OpCheck.PerPixel(x, s, dst);
        lock (Gate)
        {
            var y = IntOut.Get(s.Plane);
            K.Channel.Argmax(s.Plane, In0.Upload(x), y, new ChannelArgs(s.C, s.Plane));
            Device.Download(y, dst);
        }
    }

    /// <summary>A launch over n threads reading one uploaded input and writing n outputs.</summary>
    private delegate void Launch(int n, ArrayView<float> x, ArrayView<float> y);

    private void Unary(ReadOnlySpan<float> x, Span<float> dst, Launch launch)
    {
        int n = OpCheck.Unary(x, dst);
        Image(x, n, dst, launch);
    }

    private void Image(ReadOnlySpan<float> x, int outLength, Span<float> dst, Launch launch)
    {
        if (outLength == 0) return;
        lock (Gate)
        {
            var y = Out.Get(outLength);
            launch(outLength, In0.Upload(x), y);
            Device.Download(y, dst);
        }
    }
}
