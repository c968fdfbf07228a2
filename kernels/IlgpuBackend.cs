using ILGPU;
using ILGPU.Runtime;
using Lgc.Tensors;

namespace Lgc.Kernels;

/// <summary>
/// Every float op on one ILGPU accelerator. Weights go to the device once, when a layer is
/// created; activations are copied in and out on every call (the span API). The device-resident
/// path (<see cref="Queue"/>, used by the engine's plans) keeps activations in device buffers
/// between layers and only copies the image in and the symbols out.
/// Calls are serialised by <see cref="Gate"/>: they share the scratch buffers and the default stream.
/// </summary>
internal sealed partial class IlgpuBackend : IBackend, IDisposable
{
    private readonly Context context;

    internal IlgpuBackend(Context context, Accelerator accelerator, string name)
    {
        this.context = context;
        Accelerator = accelerator;
        Name = name;
        K = new KernelSet(accelerator);
        In0 = new Scratch<float>(accelerator);
        In1 = new Scratch<float>(accelerator);
        Aux = new Scratch<float>(accelerator);
        Out = new Scratch<float>(accelerator);
        IntOut = new Scratch<int>(accelerator);
        IntIn0 = new Scratch<int>(accelerator);
        IntIn1 = new Scratch<int>(accelerator);
        LongIn = new Scratch<long>(accelerator);
        LongOut = new Scratch<long>(accelerator);
        Queue = new DeviceQueue(this);
    }

    /// <summary>The device-resident path on this backend: persistent buffers, one stream, counted synchronisations.</summary>
    public DeviceQueue Queue { get; }

    /// <summary>"ilgpu-cpu", "cuda" or "opencl".</summary>
    public string Name { get; }

    /// <summary>The device, e.g. "NVIDIA H100 80GB HBM3" (for reports).</summary>
    public string DeviceName => Accelerator.Name;

    internal Accelerator Accelerator { get; }
    internal KernelSet K { get; }
    internal object Gate { get; } = new();
    internal Scratch<float> In0 { get; }
    internal Scratch<float> In1 { get; }
    internal Scratch<float> Aux { get; }
    internal Scratch<float> Out { get; }
    internal Scratch<int> IntOut { get; }
    internal Scratch<int> IntIn0 { get; }
    internal Scratch<int> IntIn1 { get; }
    internal Scratch<long> LongIn { get; }
    internal Scratch<long> LongOut { get; }

    public ILayer Conv2d(Conv2dDesc d, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        Check.Conv(d);
        Check.Length(weight, d.Cout * d.Cin * d.K * d.K, nameof(weight));
        Check.Length(bias, d.Cout, nameof(bias));
        lock (Gate) return new IlgpuConv2d(this, d, weight, bias);
    }

    public ILayer ConvTranspose2d(ConvTranspose2dDesc d, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        Check.ConvT(d);
        Check.Length(weight, d.Cin * d.Cout * d.K * d.K, nameof(weight));
        Check.Length(bias, d.Cout, nameof(bias));
        lock (Gate) return new IlgpuConvTranspose2d(this, d, weight, bias);
    }

    public ILayer Gdn(int channels, ReadOnlySpan<float> beta, ReadOnlySpan<float> gamma, bool inverse)
    {
        Check.Positive(channels, nameof(channels));
        Check.Length(beta, channels, nameof(beta));
        Check.Length(gamma, channels * channels, nameof(gamma));
        lock (Gate) return new IlgpuGdn(this, channels, beta, gamma, inverse);
    }

    /// <summary>Weights arrive per call here (the interface has no Linear layer), so they are copied each time.</summary>
    public void Linear(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int inF, int outF, Span<float> dst)
    {
        OpCheck.Linear(x, weight, bias, inF, outF, dst);
        lock (Gate)
        {
            var y = Out.Get(outF);
            K.Linear.Run(outF, In0.Upload(x), In1.Upload(weight), Aux.Upload(bias), y, inF);
            Device.Download(y, dst[..outF]);
        }
    }

    public void Dispose()
    {
        Accelerator.Dispose(); // frees every buffer allocated on it, layers' weights included
        context.Dispose();
    }
}
