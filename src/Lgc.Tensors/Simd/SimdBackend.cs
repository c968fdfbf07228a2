namespace Lgc.Tensors.Simd;

/// <summary>
/// The CPU fast path: weights re-laid once per layer for output-channel vectorisation,
/// Vector512 / Vector256 / Vector128 / scalar kernels chosen by what the hardware accelerates,
/// Parallel.For over output rows and channel blocks, pooled scratch only.
/// </summary>
internal sealed partial class SimdBackend : IBackend
{
    /// <summary>Uses the widest vectors this machine executes (AVX-512 where present).</summary>
    public SimdBackend() : this(VecWidth.Max) { }

    /// <summary>Caps the vector width (16, 8, 4 or 1 lanes), so tests can run every kernel width on one machine.</summary>
    public SimdBackend(int maxLanes)
    {
        if (maxLanes is not (1 or 4 or 8 or 16) || maxLanes > VecWidth.Max)
            throw new ArgumentOutOfRangeException(nameof(maxLanes), maxLanes, $"Must be 1, 4, 8 or 16 and at most {VecWidth.Max} here.");
        MaxLanes = maxLanes;
    }

    /// <summary>Widest vector, in floats, any kernel of this backend uses.</summary>
    public int MaxLanes { get; }

    /// <summary>Widths the hardware here executes, widest first (always ends with scalar 1).</summary>
    public static IReadOnlyList<int> SupportedLanes { get; } =
        new[] { 16, 8, 4, 1 }.Where(l => l <= VecWidth.Max).ToArray();

    public string Name => $"simd{MaxLanes * 32}";

    public ILayer Conv2d(Conv2dDesc d, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        Check.Conv(d);
        Check.Length(weight, d.Cout * d.Cin * d.K * d.K, nameof(weight));
        Check.Length(bias, d.Cout, nameof(bias));
        if (d is { K: 1, Stride: 1, Pad: 0 }) return new Conv1x1Simd(d, weight, bias, MaxLanes);
        return VecWidth.For(d.Cout, MaxLanes) switch
        {
            16 => new Conv2dSimd<V512>(d, weight, bias),
            8 => new Conv2dSimd<V256>(d, weight, bias),
            4 => new Conv2dSimd<V128>(d, weight, bias),
            _ => new Conv2dSimd<V1>(d, weight, bias),
        };
    }

    public ILayer ConvTranspose2d(ConvTranspose2dDesc d, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        Check.ConvT(d);
        Check.Length(weight, d.Cin * d.Cout * d.K * d.K, nameof(weight));
        Check.Length(bias, d.Cout, nameof(bias));
        // few outputs (deconv →3): vectorise over pixels at full width rather than 4 lanes of channels
        if (d.Cout <= PixelConv.MaxCout && MaxLanes >= 8)
            return MaxLanes == 16 ? new ConvTranspose2dSimd<V512>(d, weight, bias, pixelMajor: true)
                                  : new ConvTranspose2dSimd<V256>(d, weight, bias, pixelMajor: true);
        return VecWidth.For(d.Cout, MaxLanes) switch
        {
            16 => new ConvTranspose2dSimd<V512>(d, weight, bias),
            8 => new ConvTranspose2dSimd<V256>(d, weight, bias),
            4 => new ConvTranspose2dSimd<V128>(d, weight, bias),
            _ => new ConvTranspose2dSimd<V1>(d, weight, bias),
        };
    }

    public ILayer Gdn(int channels, ReadOnlySpan<float> beta, ReadOnlySpan<float> gamma, bool inverse)
    {
        Check.Positive(channels, nameof(channels));
        Check.Length(beta, channels, nameof(beta));
        Check.Length(gamma, channels * channels, nameof(gamma));
        return MaxLanes switch
        {
            16 => new GdnSimd<V512>(channels, beta, gamma, inverse),
            8 => new GdnSimd<V256>(channels, beta, gamma, inverse),
            4 => new GdnSimd<V128>(channels, beta, gamma, inverse),
            _ => new GdnSimd<V1>(channels, beta, gamma, inverse),
        };
    }

    public unsafe void Linear(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int inF, int outF, Span<float> dst)
    {
        OpCheck.Linear(x, weight, bias, inF, outF, dst);
        fixed (float* px = x, pw = weight)
            for (int o = 0; o < outF; o++)
                dst[o] = bias[o] + MaxLanes switch
                {
                    16 => Reduce.Dot<V512>(pw + (nint)o * inF, px, inF),
                    8 => Reduce.Dot<V256>(pw + (nint)o * inF, px, inF),
                    4 => Reduce.Dot<V128>(pw + (nint)o * inF, px, inF),
                    _ => Reduce.Dot<V1>(pw + (nint)o * inF, px, inF),
                };
    }

    /// <summary>Pins the spans and runs an element-wise op at this backend's width.</summary>
    private unsafe void Map<TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst, int n, float param)
        where TOp : struct, IPointOp
    {
        fixed (float* pa = a, pb = b, pd = dst)
        {
            float* bb = b.IsEmpty ? null : pb;
            switch (MaxLanes)
            {
                case 16: Pointwise.Map<V512, TOp>(pa, bb, pd, n, param); break;
                case 8: Pointwise.Map<V256, TOp>(pa, bb, pd, n, param); break;
                case 4: Pointwise.Map<V128, TOp>(pa, bb, pd, n, param); break;
                default: Pointwise.Map<V1, TOp>(pa, bb, pd, n, param); break;
            }
        }
    }
}
