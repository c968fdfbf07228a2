using Lgc.Tensors;

namespace Lgc.Kernels;

/// <summary>Sizes of one conv call, passed by value to the kernels (shared by float and fixed-point convs).</summary>
internal readonly record struct ConvGeometry(int Cin, int H, int W, int Cout, int Ho, int Wo, int K, int Stride, int Pad)
{
    public static ConvGeometry Of(Conv2dDesc d, Shape x, Shape o) => new(d.Cin, x.H, x.W, d.Cout, o.H, o.W, d.K, d.Stride, d.Pad);
    public static ConvGeometry Of(ConvTranspose2dDesc d, Shape x, Shape o) => new(d.Cin, x.H, x.W, d.Cout, o.H, o.W, d.K, d.Stride, d.Pad);
}
