namespace Lgc.Tensors.Tests.Parity;

/// <summary>
/// The op cases: awkward channel counts (1, 3, 5, 13, 67: not multiples of any vector width),
/// odd spatial sizes, strides 1–3, kernels 1–5, output_padding 0–2, rows long enough (≥ 75)
/// to cross the conv kernels' 64-pixel segments, Cin past their 16-channel chunks.
/// </summary>
internal static class Cases
{
    /// <summary>Convs sum hundreds of products in float; measured worst NMSE is far below this.</summary>
    public static readonly Tolerance Conv = new(1e-10, 2e-6, 1e-5);

    public static readonly IReadOnlyList<OpCase> All = Build().ToArray();

    private static IEnumerable<OpCase> Build()
    {
        foreach (var (cin, cout, k, s, h, w) in new[]
        {
            (3, 13, 5, 2, 17, 33), (13, 67, 3, 1, 7, 9), (67, 3, 5, 2, 17, 33), (67, 67, 5, 2, 17, 33),
            (13, 13, 1, 1, 7, 9), (3, 67, 1, 2, 17, 33), (16, 32, 3, 2, 16, 16), (5, 1, 3, 1, 7, 9),
            (4, 8, 4, 2, 9, 7), (3, 5, 3, 3, 10, 11), (64, 64, 5, 2, 16, 16), (17, 13, 3, 1, 3, 150),
        })
            yield return Conv2d(new Conv2dDesc(cin, cout, k, s, k / 2), new Shape(cin, h, w));

        foreach (var (cin, cout, k, s, pad, op, h, w) in new[]
        {
            (13, 67, 5, 2, 2, 1, 7, 9), (67, 3, 5, 2, 2, 1, 9, 7), (3, 13, 3, 1, 1, 0, 17, 33), (13, 13, 5, 2, 2, 0, 7, 9),
            (16, 16, 4, 2, 1, 0, 8, 8), (5, 7, 1, 2, 0, 1, 7, 9), (6, 5, 3, 3, 1, 2, 5, 6), (8, 1, 5, 2, 2, 1, 4, 5),
            (3, 3, 3, 2, 0, 0, 4, 4), (64, 64, 5, 2, 2, 1, 8, 8), (20, 20, 5, 2, 2, 1, 3, 75), (20, 2, 5, 2, 2, 1, 3, 75),
        })
            yield return ConvT(new ConvTranspose2dDesc(cin, cout, k, s, pad, op), new Shape(cin, h, w));

        foreach (var (c, h, w) in new[] { (3, 7, 9), (13, 17, 33), (67, 7, 9) })
        foreach (bool inverse in new[] { false, true })
            yield return Gdn(new Shape(c, h, w), inverse);

        foreach (var (i, o) in new[] { (13, 40), (67, 3), (64, 19), (1, 1) })
            yield return Linear(i, o);

        foreach (var (s, norm) in new[] { (new Shape(13, 7, 9), false), (new Shape(13, 7, 9), true), (new Shape(67, 17, 33), false), (new Shape(3, 1, 1), true) })
            yield return new("AdaIn", $"AdaIn {s} norm={norm}", b =>
            {
                var x = Data.Uniform($"adain{s}", s.Length, -3, 3);
                var p = Data.Uniform($"adainp{s}", 2 * s.C);
                return Guarded.Run(s.Length, d => b.AdaIn(x, s, p, norm, d));
            }, norm ? new Tolerance(1e-10, 1e-5, 1e-5) : Tolerance.Default);

        foreach (int n in new[] { 1, 15, 1027 })
        {
            var x = Data.Uniform($"pw{n}", n, -8, 8);
            var y = Data.Uniform($"pw2{n}", n, -8, 8);
            yield return new("Relu", $"Relu {n}", b => Guarded.Run(n, d => b.Relu(x, d)), Tolerance.Exact);
            yield return new("LeakyRelu", $"LeakyRelu {n}", b => Guarded.Run(n, d => b.LeakyRelu(x, 0.1f, d)), Tolerance.Default);
            yield return new("Sigmoid", $"Sigmoid {n}", b => Guarded.Run(n, d => b.Sigmoid(x, d)), Tolerance.Default);
            yield return new("Add", $"Add {n}", b => Guarded.Run(n, d => b.Add(x, y, d)), Tolerance.Exact);
        }

        yield return Image("Concat", new Shape(3, 7, 9), (b, x, s, d) =>
        {
            var sb = new Shape(13, 7, 9);
            b.Concat(x, s, Data.Uniform("concat-b", sb.Length), sb, d);
        }, (16 * 63), Tolerance.Exact);

        foreach (var (s, f) in new[] { (new Shape(13, 7, 9), 2), (new Shape(3, 5, 3), 4) })
            yield return Image("UpsampleNearest", s, (b, x, ss, d) => b.UpsampleNearest(x, ss, f, d), s.Length * f * f, Tolerance.Exact, $"x{f}");

        foreach (var (s, f) in new[] { (new Shape(19, 7, 9), 2), (new Shape(3, 17, 33), 4), (new Shape(2, 1, 1), 4), (new Shape(5, 2, 3), 3) })
            yield return Image("UpsampleBilinear", s, (b, x, ss, d) => b.UpsampleBilinear(x, ss, f, d), s.Length * f * f, Tolerance.Default, $"x{f}");

        foreach (var (s, r) in new[] { (new Shape(12, 7, 9), 2), (new Shape(27, 3, 5), 3) })
            yield return Image("PixelShuffle", s, (b, x, ss, d) => b.PixelShuffle(x, ss, r, d), s.Length, Tolerance.Exact, $"r{r}");

        foreach (var (s, k) in new[] { (new Shape(13, 8, 12), 2), (new Shape(3, 9, 6), 3) })
            yield return Image("AvgPool", s, (b, x, ss, d) => b.AvgPool(x, ss, k, d), s.Length / (k * k), Tolerance.Default, $"k{k}");

        foreach (var s in new[] { new Shape(67, 17, 33), new Shape(3, 1, 1) })
            yield return Image("GlobalAvgPool", s, (b, x, ss, d) => b.GlobalAvgPool(x, ss, d), s.C, Tolerance.Default);

        foreach (var s in new[] { new Shape(19, 7, 9), new Shape(19, 17, 33), new Shape(3, 1, 1) })
            yield return Image("SoftmaxChannels", s, (b, x, ss, d) => b.SoftmaxChannels(x, ss, d), s.Length, Tolerance.Default);

        foreach (var s in new[] { new Shape(19, 17, 33), new Shape(1, 3, 3), new Shape(5, 7, 9) })
            yield return new("ArgmaxChannels", $"ArgmaxChannels {s}", b =>
            {
                var x = Data.Levels($"argmax{s}", s.Length, 4); // many ties: lowest index must win
                var idx = Guarded.Run(s.Plane, -7, d => b.ArgmaxChannels(x, s, d));
                return idx.Select(i => (float)i).ToArray();
            }, Tolerance.Exact);
    }

    private static OpCase Conv2d(Conv2dDesc d, Shape xs) => new("Conv2d", $"Conv2d {d.Cin}->{d.Cout} k{d.K} s{d.Stride} p{d.Pad} {xs}", b =>
    {
        var wt = Data.Uniform($"w{d}", d.Cout * d.Cin * d.K * d.K);
        var bias = Data.Uniform($"b{d}", d.Cout);
        var x = Data.Uniform($"x{d}{xs}", xs.Length);
        var layer = b.Conv2d(d, wt, bias);
        return Guarded.Run(layer.OutShape(xs).Length, dst => layer.Forward(x, xs, dst));
    }, Conv);

    private static OpCase ConvT(ConvTranspose2dDesc d, Shape xs) =>
        new("ConvTranspose2d", $"ConvTranspose2d {d.Cin}->{d.Cout} k{d.K} s{d.Stride} p{d.Pad} op{d.OutputPadding} {xs}", b =>
        {
            var wt = Data.Uniform($"w{d}", d.Cin * d.Cout * d.K * d.K);
            var bias = Data.Uniform($"b{d}", d.Cout);
            var x = Data.Uniform($"x{d}{xs}", xs.Length);
            var layer = b.ConvTranspose2d(d, wt, bias);
            return Guarded.Run(layer.OutShape(xs).Length, dst => layer.Forward(x, xs, dst));
        }, Conv);

    private static OpCase Gdn(Shape s, bool inverse) => new("Gdn", $"Gdn {s} inverse={inverse}", b =>
    {
        var beta = Data.Uniform($"beta{s}", s.C, 0.5f, 1.5f);
        var gamma = Data.Uniform($"gamma{s}", s.C * s.C, 0f, 0.1f);
        var x = Data.Uniform($"x{s}", s.Length, -3, 3);
        var layer = b.Gdn(s.C, beta, gamma, inverse);
        return Guarded.Run(s.Length, dst => layer.Forward(x, s, dst));
    }, new Tolerance(1e-12, 1e-6, 1e-5));

    private static OpCase Linear(int inF, int outF) => new("Linear", $"Linear {inF}->{outF}", b =>
    {
        var w = Data.Uniform($"lw{inF},{outF}", inF * outF);
        var bias = Data.Uniform($"lb{inF},{outF}", outF);
        var x = Data.Uniform($"lx{inF},{outF}", inF);
        return Guarded.Run(outF, d => b.Linear(x, w, bias, inF, outF, d));
    }, Tolerance.Default);

    private delegate void ImageOp(IBackend b, float[] x, Shape s, Span<float> dst);

    private static OpCase Image(string op, Shape s, ImageOp run, int outLength, Tolerance t, string extra = "") =>
        new(op, $"{op} {s} {extra}".TrimEnd(), b =>
        {
            var x = Data.Uniform($"{op}{s}", s.Length, -5, 5);
            return Guarded.Run(outLength, d => run(b, x, s, d));
        }, t);
}
