using Lgc.Formats;
using Lgc.Imaging;
using Lgc.Model;
using Lgc.Tensors;
using Lgc.Tensors.Simd;

namespace Lgc.Lab.Perception;

/// <summary>
/// The ImageNet ResNet-18 of NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 as converted by
/// <c>tools/convert_resnet18.py</c> (batch-norms folded, torchvision-style names), run on the engine's
/// own convolutions; it gives the pooled 512-value features of the FD-R18 metric (docs/fd-r18.md).
/// The reference is <c>tools/lgc/resnet18.py</c> (<c>ResNet18</c>).
/// <para>
/// Input: the image at its own size, no resize (256×256 gives 8×8 before the pool). Width and height must be
/// multiples of 32, so every stride-2 step sees an even size: then the export's asymmetric padding (top/left
/// k/2, bottom/right k/2−1) equals the symmetric padding of the backend's Conv2d. Other sizes throw an
/// <see cref="LgcException"/>: crop or resize first.
/// </para>
/// <para>
/// Channel counts and the number of blocks per stage are read from the tensor shapes and names, so any width
/// works (the tests use a tiny random network). Layers are prepared once at load and are read-only after,
/// so <see cref="Pooled(RgbImage)"/> may be called from several threads at once with the CPU backends.
/// </para>
/// </summary>
internal sealed class ResNet18Features
{
    /// <summary>The metric name the evaluation reports: it is not FID (see docs/fd-r18.md).</summary>
    public const string MetricName = "FD-R18";

    public static readonly string[] StageNames = ["layer1", "layer2", "layer3", "layer4"];

    sealed record Block(ILayer Conv1, ILayer Conv2, ILayer? Down, int Stride);

    readonly float[] _meanBgr;
    readonly ILayer _stem;
    readonly Block[][] _stages;

    public IBackend Backend { get; }
    public string Source { get; }
    /// <summary>Length of <see cref="Pooled(RgbImage)"/>'s result: the channels of the last stage (512 for the real network).</summary>
    public int FeatureLength { get; }
    /// <summary>Output channels of the stem and of each stage (64, 64, 128, 256, 512 for the real network).</summary>
    public IReadOnlyList<int> Widths { get; }
    /// <summary>Residual blocks per stage (2, 2, 2, 3 for this export).</summary>
    public IReadOnlyList<int> BlocksPerStage { get; }

    ResNet18Features(SafeTensorsFile file, string source, IBackend backend)
    {
        Source = source;
        Backend = backend;
        if (file.Metadata.TryGetValue("arch", out string? arch) && arch != "resnet18-imagenet")
            throw Bad($"its metadata says arch '{arch}', expected 'resnet18-imagenet'");
        var used = new HashSet<string>();

        float[] Get(string name, params int[] shape)
        {
            if (!file.Contains(name)) throw Bad($"missing tensor '{name}'");
            used.Add(name);
            try { return file.RequireFloat32(name, shape); }
            catch (ModelMismatchException e) { throw Bad(e.Message); }
        }

        int[] ShapeOf(string name, int rank)
        {
            if (!file.TryGetInfo(name, out var info)) throw Bad($"missing tensor '{name}'");
            if (info.Shape.Count != rank || info.Shape.Any(d => d <= 0))
                throw Bad($"tensor '{name}' has shape {info.ShapeText}, expected {rank} positive dimensions");
            return [.. info.Shape];
        }

        ILayer Conv(string name, int cin, int k, int stride, int? cout = null)
        {
            int co = cout ?? ShapeOf(name + ".weight", 4)[0];
            var w = Get(name + ".weight", co, cin, k, k);
            var b = Get(name + ".bias", co);
            return backend.Conv2d(new Conv2dDesc(cin, co, k, stride, k / 2), w, b);
        }

        _meanBgr = Get("mean_bgr", 3);
        int width = ShapeOf("stem.weight", 4)[0];
        _stem = Conv("stem", 3, 7, 2);
        var widths = new List<int> { width };
        var blocksPerStage = new List<int>();
        _stages = new Block[StageNames.Length][];
        for (int si = 0; si < StageNames.Length; si++)
        {
            string stage = StageNames[si];
            if (!file.Contains($"{stage}.0.conv1.weight"))
                throw Bad(si == 0 ? $"missing tensor '{stage}.0.conv1.weight'"
                    : $"missing tensor '{stage}.0.conv1.weight': it has stages up to {StageNames[si - 1]} only (made with --upto?); FD-R18 needs layer1..layer4");
            var blocks = new List<Block>();
            for (int b = 0; file.Contains($"{stage}.{b}.conv1.weight"); b++)
            {
                string p = $"{stage}.{b}";
                int stride = si > 0 && b == 0 ? 2 : 1;
                int cout = ShapeOf(p + ".conv1.weight", 4)[0];
                var conv1 = Conv(p + ".conv1", width, 3, stride, cout);
                var conv2 = Conv(p + ".conv2", cout, 3, 1, cout);
                ILayer? down = null;
                if (stride == 2) down = Conv(p + ".down", width, 1, 2, cout);
                else if (cout != width) throw Bad($"block '{p}' changes {width} to {cout} channels without a downsample");
                blocks.Add(new Block(conv1, conv2, down, stride));
                width = cout;
            }
            _stages[si] = [.. blocks];
            widths.Add(width);
            blocksPerStage.Add(blocks.Count);
        }
        var unused = file.Names.Where(n => !used.Contains(n)).ToList();
        if (unused.Count > 0)
            throw Bad($"unexpected tensor{(unused.Count > 1 ? "s" : "")} {string.Join(", ", unused.Take(5).Select(n => $"'{n}'"))}{(unused.Count > 5 ? ", ..." : "")}");
        FeatureLength = width;
        Widths = widths;
        BlocksPerStage = blocksPerStage;
    }

    LgcException Bad(string why) =>
        new($"'{Source}' is not a ResNet-18 feature file (make it with tools/convert_resnet18.py): {why}");

    /// <summary>Loads and prepares the network for <paramref name="backend"/> (default: the SIMD CPU backend).</summary>
    public static ResNet18Features Load(string path, IBackend? backend = null)
    {
        if (!File.Exists(path)) throw new LgcException($"ResNet-18 weight file '{path}' does not exist (see docs/fd-r18.md to make it)");
        return FromBytes(File.ReadAllBytes(path), path, backend);
    }

    /// <summary>As <see cref="Load"/>, from the bytes of a safetensors file; <paramref name="name"/> is used in messages.</summary>
    public static ResNet18Features FromBytes(byte[] bytes, string name, IBackend? backend = null)
    {
        SafeTensorsFile file;
        try { file = SafeTensorsFile.Parse(bytes); }
        catch (SafeTensorsFormatException e) { throw new LgcException($"'{name}' is not a valid safetensors file: {e.Message}", e); }
        return new ResNet18Features(file, name, backend ?? new SimdBackend());
    }

    /// <summary>Pooled features of one image at its own size (width and height multiples of 32): <see cref="FeatureLength"/> values.</summary>
    public float[] Pooled(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        CheckSize(image.Width, image.Height);
        return Pooled(image.ToPlanar(image.Width, image.Height), image.Width, image.Height);
    }

    /// <summary>Pooled features of planar RGB values in [0, 1], [3, height, width].</summary>
    public float[] Pooled(ReadOnlySpan<float> rgb01, int width, int height)
    {
        var h = Run(rgb01, width, height, null);
        var pooled = new float[h.Shape.C];
        Backend.GlobalAvgPool(h.Data, h.Shape, pooled);
        return pooled;
    }

    /// <summary>
    /// Pooled features of many images, in order; images run in parallel (up to
    /// <paramref name="maxDegreeOfParallelism"/>, default: the processor count) on top of each conv's own parallelism.
    /// </summary>
    public float[][] Pooled(IReadOnlyList<RgbImage> images, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(images);
        foreach (var im in images) { ArgumentNullException.ThrowIfNull(im, nameof(images)); CheckSize(im.Width, im.Height); }
        var result = new float[images.Count][];
        Parallel.For(0, images.Count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism },
            i => result[i] = Pooled(images[i]));
        return result;
    }

    /// <summary>The outputs of layer1..layer4 (after their last ReLU) for planar RGB in [0, 1]: for parity tests.</summary>
    public Tensor[] StageOutputs(ReadOnlySpan<float> rgb01, int width, int height)
    {
        var outs = new Tensor[StageNames.Length];
        Run(rgb01, width, height, outs);
        return outs;
    }

    /// <summary>Throws unless every stride-2 step of the network sees an even size.</summary>
    public static void CheckSize(int width, int height)
    {
        if (width <= 0 || height <= 0 || width % 32 != 0 || height % 32 != 0)
            throw new LgcException($"FD-R18 needs image sizes that are multiples of 32 (every stride-2 step of the network must " +
                $"see an even size); got {width}x{height}: crop or resize the images first");
    }

    Tensor Run(ReadOnlySpan<float> rgb01, int width, int height, Tensor[]? stageOutputs)
    {
        CheckSize(width, height);
        int plane = width * height;
        if (rgb01.Length != 3 * plane)
            throw new ArgumentException($"Expected 3x{height}x{width} = {3 * plane} values, got {rgb01.Length}.", nameof(rgb01));
        // RGB in [0,1] -> BGR x255 minus the mean, as the reference: x.flip(1) * 255 - mean_bgr
        var x = Tensor.Zeros(new Shape(3, height, width));
        for (int c = 0; c < 3; c++)
        {
            var src = rgb01.Slice((2 - c) * plane, plane);
            var dst = x.Data.AsSpan(c * plane, plane);
            float m = _meanBgr[c];
            for (int i = 0; i < plane; i++) dst[i] = src[i] * 255f - m;
        }
        var h = Apply(_stem, x);
        FeatureOps.ReluInPlace(h.Data);
        var pooled = Tensor.Zeros(new Shape(h.Shape.C, h.Shape.H / 2, h.Shape.W / 2));
        FeatureOps.MaxPool3x3Stride2(h.Data, h.Shape, pooled.Data);
        h = pooled;
        for (int si = 0; si < _stages.Length; si++)
        {
            foreach (var b in _stages[si])
            {
                var t = Apply(b.Conv1, h);
                FeatureOps.ReluInPlace(t.Data);
                var u = Apply(b.Conv2, t);
                var skip = b.Down is null ? h : Apply(b.Down, h);
                FeatureOps.AddRelu(u.Data, skip.Data, u.Data);
                h = u;
            }
            if (stageOutputs is not null) stageOutputs[si] = h;
        }
        return h;
    }

    static Tensor Apply(ILayer layer, Tensor x)
    {
        var o = Tensor.Zeros(layer.OutShape(x.Shape));
        layer.Forward(x.Data, x.Shape, o.Data);
        return o;
    }
}
