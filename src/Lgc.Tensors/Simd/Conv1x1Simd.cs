namespace Lgc.Tensors.Simd;

/// <summary>1×1, stride 1, no padding: the conv is exactly a GEMM over pixels, no padded copy needed.</summary>
internal sealed unsafe class Conv1x1Simd(Conv2dDesc d, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int maxLanes) : ILayer
{
    private readonly Gemm _gemm = new(d.Cin, d.Cout, weight, bias);

    public Shape OutShape(Shape x) => d.OutShape(x);

    public void Forward(ReadOnlySpan<float> x, Shape xs, Span<float> dst)
    {
        var os = Check.LayerInput(x, xs, d.Cin, OutShape(xs), dst);
        fixed (float* px = x, pd = dst) _gemm.Run(maxLanes, px, os.Plane, pd);
    }
}
