using Lgc.Tensors;

namespace Lgc.Bench;

/// <summary>
/// One op at a real network shape (N = 64, M = 128, 256×256 image). <see cref="Prepare"/> does
/// all setup (weights re-laid, buffers allocated) and returns the timed call.
/// </summary>
internal sealed record OpsCase(string Kind, string Name, double Flops, Func<IBackend, Action> Prepare)
{
    public override string ToString() => Name;

    public static IReadOnlyList<OpsCase> All { get; } =
    [
        Conv("g_a.conv0 3->64 256²", 3, 64, 256),
        Conv("g_a.conv1 64->64 128²", 64, 64, 128),
        Conv("g_a.conv2 64->64 64²", 64, 64, 64),
        Conv("g_a.conv3 64->128 32²", 64, 128, 32),
        Deconv("g_s.deconv0 128->64 16²", 128, 64, 16),
        Deconv("g_s.deconv1 64->64 32²", 64, 64, 32),
        Deconv("g_s.deconv2 64->64 64²", 64, 64, 64),
        Deconv("g_s.deconv3 64->3 128²", 64, 3, 128),
        Gdn("gdn 64ch 128²", 64, 128),
        Bilinear("bilinear x4 19ch 64²", 19, 64, 4),
    ];

    /// <summary>conv(5, 2): 2 FLOP per multiply-add, Cin·Cout·25 per output pixel.</summary>
    private static OpsCase Conv(string name, int cin, int cout, int size)
    {
        var d = new Conv2dDesc(cin, cout, 5, 2, 2);
        var xs = new Shape(cin, size, size);
        var os = d.OutShape(xs);
        return new("conv", name, 2.0 * cin * cout * 25 * os.Plane, b =>
        {
            var layer = b.Conv2d(d, Random(cout * cin * 25), Random(cout));
            var x = Random(xs.Length);
            var y = new float[os.Length];
            return () => layer.Forward(x, xs, y);
        });
    }

    /// <summary>deconv(5, 2), output_padding 1: Cin·Cout·25 multiply-adds per input pixel.</summary>
    private static OpsCase Deconv(string name, int cin, int cout, int size)
    {
        var d = new ConvTranspose2dDesc(cin, cout, 5, 2, 2, 1);
        var xs = new Shape(cin, size, size);
        return new("deconv", name, 2.0 * cin * cout * 25 * xs.Plane, b =>
        {
            var layer = b.ConvTranspose2d(d, Random(cin * cout * 25), Random(cout));
            var x = Random(xs.Length);
            var y = new float[d.OutShape(xs).Length];
            return () => layer.Forward(x, xs, y);
        });
    }

    /// <summary>C·C multiply-adds per pixel for the norm, plus square, sqrt and divide.</summary>
    private static OpsCase Gdn(string name, int c, int size)
    {
        var xs = new Shape(c, size, size);
        return new("gdn", name, (2.0 * c * c + 3 * c) * xs.Plane, b =>
        {
            var layer = b.Gdn(c, Random(c, 0.5f, 1.5f), Random(c * c, 0f, 0.1f), inverse: false);
            var x = Random(xs.Length);
            var y = new float[xs.Length];
            return () => layer.Forward(x, xs, y);
        });
    }

    /// <summary>Two 2-FLOP lerps per output element (separable form).</summary>
    private static OpsCase Bilinear(string name, int c, int size, int factor)
    {
        var xs = new Shape(c, size, size);
        int outLength = xs.Length * factor * factor;
        return new("bilinear", name, 4.0 * outLength, b =>
        {
            var x = Random(xs.Length);
            var y = new float[outLength];
            return () => b.UpsampleBilinear(x, xs, factor, y);
        });
    }

    private static float[] Random(int n, float lo = -1f, float hi = 1f)
    {
        var rng = new Random(n);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (hi - lo) * rng.NextSingle();
        return a;
    }
}
