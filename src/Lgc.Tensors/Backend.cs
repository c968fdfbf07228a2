namespace Lgc.Tensors;

/// <summary>Shape of one image-like tensor (batch 1): channels, height, width.</summary>
internal readonly record struct Shape(int C, int H, int W)
{
    public int Length => checked(C * H * W);
    public int Plane => H * W;
    public override string ToString() => $"[{C}x{H}x{W}]";
}

/// <summary>Op descriptions (ggml style): what an op computes, independent of who runs it.</summary>
internal sealed record Conv2dDesc(int Cin, int Cout, int K, int Stride, int Pad)
{
    public Shape OutShape(Shape x) => new(Cout, (x.H + 2 * Pad - K) / Stride + 1, (x.W + 2 * Pad - K) / Stride + 1);
}

/// <summary>PyTorch ConvTranspose2d semantics; weight layout [Cin, Cout, K, K].</summary>
internal sealed record ConvTranspose2dDesc(int Cin, int Cout, int K, int Stride, int Pad, int OutputPadding)
{
    public Shape OutShape(Shape x) => new(Cout, (x.H - 1) * Stride - 2 * Pad + K + OutputPadding, (x.W - 1) * Stride - 2 * Pad + K + OutputPadding);
}

/// <summary>A layer whose weights were re-laid for one backend once, at load.</summary>
internal interface ILayer
{
    Shape OutShape(Shape x);
    /// <summary>dst must hold OutShape(xShape).Length elements and must not alias x.</summary>
    void Forward(ReadOnlySpan<float> x, Shape xShape, Span<float> dst);
}

/// <summary>
/// One implementation of every float op. Weight-carrying ops return prepared layers;
/// stateless ops are plain span-in/span-out methods. Every implementation is checked
/// against <c>ReferenceBackend</c> by the parity harness.
/// </summary>
internal interface IBackend
{
    string Name { get; }

    // weight-carrying ops (weights copied / re-laid here, never per call)
    ILayer Conv2d(Conv2dDesc d, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias);
    ILayer ConvTranspose2d(ConvTranspose2dDesc d, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias);
    /// <summary>GDN (inverse=false) or IGDN (inverse=true), effective beta [C], gamma [C,C].</summary>
    ILayer Gdn(int channels, ReadOnlySpan<float> beta, ReadOnlySpan<float> gamma, bool inverse);
    /// <summary>y = W x + b, W [outF, inF].</summary>
    void Linear(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int inF, int outF, Span<float> dst);

    // stateless ops
    /// <summary>AdaIN-style: dst_c = norm(x_c) * (1 + p[c]) + p[C + c]; norm = instance norm (eps 1e-5) or identity.</summary>
    void AdaIn(ReadOnlySpan<float> x, Shape s, ReadOnlySpan<float> p, bool instanceNorm, Span<float> dst);
    void Relu(ReadOnlySpan<float> x, Span<float> dst);
    void LeakyRelu(ReadOnlySpan<float> x, float slope, Span<float> dst);
    void Sigmoid(ReadOnlySpan<float> x, Span<float> dst);
    void Add(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst);
    /// <summary>Channel concatenation of two CHW tensors with equal H, W (dst = [a; b]).</summary>
    void Concat(ReadOnlySpan<float> a, Shape sa, ReadOnlySpan<float> b, Shape sb, Span<float> dst);
    void UpsampleNearest(ReadOnlySpan<float> x, Shape s, int factor, Span<float> dst);
    /// <summary>PyTorch bilinear, align_corners=false, integer scale factor.</summary>
    void UpsampleBilinear(ReadOnlySpan<float> x, Shape s, int factor, Span<float> dst);
    /// <summary>PyTorch PixelShuffle: [C*r*r, H, W] → [C, H*r, W*r].</summary>
    void PixelShuffle(ReadOnlySpan<float> x, Shape s, int r, Span<float> dst);
    /// <summary>k×k average pool, stride k, no padding (H, W divisible by k).</summary>
    void AvgPool(ReadOnlySpan<float> x, Shape s, int k, Span<float> dst);
    /// <summary>Mean of each channel: dst [C].</summary>
    void GlobalAvgPool(ReadOnlySpan<float> x, Shape s, Span<float> dst);
    /// <summary>Softmax over channels at each pixel.</summary>
    void SoftmaxChannels(ReadOnlySpan<float> x, Shape s, Span<float> dst);
    /// <summary>Argmax over channels at each pixel (lowest index wins ties): dst [H*W].</summary>
    void ArgmaxChannels(ReadOnlySpan<float> x, Shape s, Span<int> dst);
}
