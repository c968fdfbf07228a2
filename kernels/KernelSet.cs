using ILGPU.Runtime;

namespace Lgc.Kernels;

/// <summary>Every kernel family, compiled once for one accelerator; the loaded delegates are reused for every call.</summary>
internal sealed class KernelSet(Accelerator a)
{
    public readonly Conv2dKernels Conv2d = new(a);
    public readonly ConvTranspose2dKernels ConvTranspose2d = new(a);
    public readonly GdnKernels Gdn = new(a);
    public readonly AdaInKernels AdaIn = new(a);
    public readonly PointwiseKernels Pointwise = new(a);
    public readonly ResampleKernels Resample = new(a);
    public readonly PoolKernels Pool = new(a);
    public readonly LinearKernels Linear = new(a);
    public readonly ChannelKernels Channel = new(a);
    public readonly FixedPointKernels FixedPoint = new(a);
    public readonly EntropyKernels Entropy = new(a);
    public readonly LatentKernels Latent = new(a);
}
