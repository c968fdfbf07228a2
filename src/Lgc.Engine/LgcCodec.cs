using Lgc.Device;
using Lgc.Entropy;
using Lgc.Formats;
using Lgc.Imaging;
using Lgc.Model;
using Lgc.Tensors;

namespace Lgc;

/// <summary>
/// Compresses images into layered .lgc files and decodes them: base layer (y with its hyper-latents z)
/// for machines and humans, texture layer (style vector) for the generative decoder.
/// </summary>
public sealed partial class LgcCodec : IDisposable
{
    internal LgcModel Model { get; }
    internal ModelConfig Config => Model.Config;

    readonly DevicePath? _device;
    readonly string _deviceWhy = "";

    /// <summary>Default decode cap: what compress accepts (4096²). The CLI's --max-pixels sets it for every codec it loads.</summary>
    public static long DefaultMaxPixels { get; set; } = Imaging.ImageIo.MaxPixels;

    /// <summary>Files whose header declares more pixels are refused before anything is allocated.</summary>
    public long MaxPixels { get; set; } = DefaultMaxPixels;

    /// <summary>
    /// A codec over a loaded model. On an ILGPU backend (cuda, opencl, ilgpu-cpu) images run on the
    /// device-resident path unless <paramref name="deviceResident"/> is false (then every layer is its
    /// own call with copies in and out, as on the CPU backends).
    /// </summary>
    internal LgcCodec(LgcModel model, bool deviceResident = true)
    {
        Model = model;
        if (deviceResident) _device = DevicePath.TryCreate(model, out _deviceWhy);
    }

    /// <summary>What backend runs the networks, e.g. "auto: cpu (simd512); no CUDA device found (...)".</summary>
    public string BackendDescription { get; private init; } = "";

    internal static LgcCodec Load(string modelPath, string backend = "cpu", bool deviceResident = true)
    {
        var b = Backends.Create(backend, out string description);
        try { return new(LgcModel.Load(modelPath, b), deviceResident) { BackendDescription = description }; }
        catch { (b as IDisposable)?.Dispose(); throw; }
    }

    internal static uint ModelIdOf(string weightFile) => Formats.ModelId.FromFile(weightFile);

    /// <summary>One compressed image.</summary>
    /// <param name="Bytes">The whole .lgc file.</param>
    /// <param name="Width">Image width in pixels.</param>
    /// <param name="Height">Image height in pixels.</param>
    /// <param name="HeaderBytes">Bytes of the container header (with the layer directory).</param>
    /// <param name="HyperBytes">Bytes of the hyper-latents z (base layer).</param>
    /// <param name="LatentBytes">Bytes of the latents y (base layer).</param>
    /// <param name="TextureBytes">Bytes of the texture layer (style code); 0 without one.</param>
    public sealed record CompressResult(byte[] Bytes, int Width, int Height, int HeaderBytes, int HyperBytes, int LatentBytes, int TextureBytes)
    {
        /// <summary>Bits per pixel of the whole file.</summary>
        public double Bpp => Bytes.Length * 8.0 / ((double)Width * Height);
    }

    /// <summary>Every intermediate of one encode, for parity tests against PyTorch.</summary>
    internal sealed record EncodeTrace(Tensor X, Tensor Y, Tensor Z, int[] ZHat, HyperSynthesis.Output Hyper,
        int[] YSym, Tensor YHat, float[]? Style, int[]? StyleHat, Tensor XHat);

    /// <summary>Runs the encoder on a padded planar image x [3, H, W] (H, W multiples of 64), and the decoder on its result.</summary>
    internal EncodeTrace Trace(Tensor x, bool decode = true)
    {
        var m = Model;
        if (x.Shape.C != 3 || x.Shape.H % 64 != 0 || x.Shape.W % 64 != 0 || x.Shape.H == 0 || x.Shape.W == 0)
            throw new ArgumentException($"input must be [3, H, W] with H, W positive multiples of 64, is {x.Shape}", nameof(x));
        var y = m.Analysis.Run(x);
        var z = m.HyperAnalysis.Run(y);
        var zHat = RoundToInt(z.Data);
        var hyper = m.HyperSynthesis.Run(zHat, z.Shape);
        var ySym = new int[y.Data.Length];
        for (int i = 0; i < ySym.Length; i++) ySym[i] = RoundToInt(y.Data[i] - hyper.Means[i]);
        var yHat = Dequantize(ySym, hyper);
        float[]? style = null;
        int[]? styleHat = null;
        if (Config.HasTexture)
        {
            style = Model.TextureCode(x);
            styleHat = RoundToInt(style);
        }
        var xHat = decode ? m.Generator.Run(yHat, ToFloat(styleHat)) : default;
        return new(x, y, z, zHat, hyper, ySym, yHat, style, styleHat, xHat);
    }

    internal CompressResult Compress(RgbImage image) => CompressBatch([image])[0];

    /// <summary>
    /// Compresses several images. On the device-resident path all of them are queued before one
    /// synchronisation (then the range coder runs on the CPU); elsewhere they run one after the other.
    /// </summary>
    internal IReadOnlyList<CompressResult> CompressBatch(IReadOnlyList<RgbImage> images)
    {
        foreach (var image in images)
            if (image.Width > LgcHeader.MaxDimension || image.Height > LgcHeader.MaxDimension)
                throw new LgcException($"image {image.Width}x{image.Height} exceeds the container's {LgcHeader.MaxDimension} pixel side limit");
        if (_device is not null)
            return _device.Encode(images.Select(Padded).ToList()).Select((s, i) => Pack(images[i], s)).ToList();
        return images.Select(image => Pack(image, Symbols(Padded(image)))).ToList();
    }

    /// <summary>The encoder's symbols on the per-layer path (what <see cref="Trace"/> computes).</summary>
    EncodedSymbols Symbols(Tensor x)
    {
        var t = Trace(x, decode: false);
        return new(t.ZHat, t.Z.Shape, t.YSym, t.Hyper.ScaleIndex, t.StyleHat);
    }

    /// <summary>The encoder's symbols for one image, from the path this codec runs (for tests and checks).</summary>
    internal EncodedSymbols EncodeSymbols(RgbImage image) =>
        _device is not null ? _device.Encode([Padded(image)])[0] : Symbols(Padded(image));

    static Tensor Padded(RgbImage image)
    {
        int pw = RgbImage.PadTo64(image.Width), ph = RgbImage.PadTo64(image.Height);
        return new Tensor(image.ToPlanar(pw, ph), new Shape(3, ph, pw));
    }

    /// <summary>Range-codes one image's symbols into an .lgc file.</summary>
    internal CompressResult Pack(RgbImage image, EncodedSymbols t)
    {
        var c = Config;
        var zEnc = new RangeEncoder();
        IndexedSymbolCoder.EncodeFactorized(zEnc, Model.Entropy.ZPrior, t.ZHat, c.N, t.ZShape.Plane);
        var yEnc = new RangeEncoder();
        IndexedSymbolCoder.EncodeGaussian(yEnc, Model.Entropy.Gaussian, t.YSym, t.ScaleIndex);
        var layers = new List<LgcLayer>
        {
            new(LgcLayerType.HyperLatents, zEnc.ToArray()),
            new(LgcLayerType.Latents, yEnc.ToArray()),
        };
        if (c.HasTexture)
        {
            var sEnc = new RangeEncoder();
            IndexedSymbolCoder.EncodeFactorized(sEnc, Model.Entropy.TexPrior!, t.StyleHat, c.S, 1);
            layers.Add(new(LgcLayerType.Texture, sEnc.ToArray()));
        }
        var header = new LgcHeader(Model.ModelId, image.Width, image.Height, Synthesized: c.HasTexture);
        byte[] bytes = LgcContainer.Write(header, layers);
        int payload = layers.Sum(l => l.Payload.Length);
        return new(bytes, image.Width, image.Height, bytes.Length - payload,
            layers[0].Payload.Length, layers[1].Payload.Length, c.HasTexture ? layers[2].Payload.Length : 0);
    }

    /// <summary>
    /// How images run: "per-layer" (each layer its own call, activations copied in and out on ILGPU
    /// backends) or "device-resident" (ILGPU backends: whole graph on the device).
    /// </summary>
    public string PathDescription => _device is not null ? "device-resident" : Model.Backend is Kernels.IlgpuBackend
        ? $"per-layer{(_deviceWhy.Length > 0 ? $" ({_deviceWhy})" : "")}" : "per-layer";

    /// <summary>Host waits for the device on the device-resident path so far (1 per encoded batch, 2 per decoded batch); 0 elsewhere.</summary>
    public long DeviceSynchronizations => _device?.Queue.Synchronizations ?? 0;

    /// <summary>Padded input sizes whose device buffers the encoder keeps (at most 8, least recently used freed first); 0 off the device path.</summary>
    public int DeviceEncodeShapes => _device?.EncodeShapes ?? 0;

    internal RgbImage Decompress(byte[] file) => DecompressBatch([file])[0];

    /// <summary>
    /// Decodes several files. On the device-resident path h_s of all of them is queued before one
    /// synchronisation, then the range decoder runs, then g_s of all of them before a second one.
    /// </summary>
    internal IReadOnlyList<RgbImage> DecompressBatch(IReadOnlyList<byte[]> files)
    {
        var opened = files.Select(f => Open(f, baseOnly: false)).ToList();
        var styles = opened.Select(Style).ToList();
        if (_device is null)
            return opened.Select((f, i) => Crop(f, Generate(DecodeBase(f), styles[i]).Data)).ToList();
        var z = opened.Select(DecodeZ).ToList();
        var xHats = _device.Decode(z, (i, idx) => (DecodeY(opened[i], idx), styles[i]));
        return opened.Select((f, i) => Crop(f, xHats[i])).ToList();
    }

    /// <summary>
    /// Most bytes of generator activations one decode may hold on the per-layer path: above it g_s runs
    /// over bands of latent rows (<see cref="BandedGenerator"/>; same pixels, bounded memory).
    /// 512 MiB keeps a 4096² decode with lgc-low well under 2 GB; images up to about 1024² run whole.
    /// </summary>
    public long GeneratorBudgetBytes { get; set; } = 512L << 20;

    Tensor Generate(Tensor yHat, float[] style)
    {
        int rows = BandedGenerator.BandRows(Model.Generator, yHat.Shape, GeneratorBudgetBytes);
        return rows >= yHat.Shape.H ? Model.Generator.Run(yHat, style) : BandedGenerator.Run(Model.Generator, yHat, style, rows);
    }

    static RgbImage Crop(LgcFile f, float[] xHat) =>
        RgbImage.FromPlanar(xHat, f.Header.PaddedWidth, f.Header.PaddedHeight, f.Header.Width, f.Header.Height);

    /// <summary>The decoded style vector (empty without texture).</summary>
    float[] Style(LgcFile f)
    {
        if (!Config.HasTexture) return [];
        if (!f.HasTexture) throw new LgcException("the file has no texture layer, which this model's generator needs");
        var s = new int[Config.S];
        try
        {
            var dec = new RangeDecoder(f.GetLayer(LgcLayerType.Texture).Payload.Span);
            IndexedSymbolCoder.DecodeFactorized(ref dec, Model.Entropy.TexPrior!, s, Config.S, 1);
        }
        catch (InvalidDataException e) { throw Corrupt(LgcLayerType.Texture, e); }
        return ToFloat(s);
    }

    /// <summary>Entropy-decodes the base layer only (z, then y) into the dequantized latents y_hat.</summary>
    internal Tensor DecodeBase(byte[] file) => DecodeBase(Open(file, baseOnly: true));

    Tensor DecodeBase(LgcFile f)
    {
        var (zHat, zShape) = DecodeZ(f);
        if (_device is not null)
        {
            var (idx, means, yShape) = _device.Hyper(zHat, zShape);
            return Dequantize(DecodeY(f, idx), new HyperSynthesis.Output([], means, idx, yShape));
        }
        var hyper = Model.HyperSynthesis.Run(zHat, zShape);
        return Dequantize(DecodeY(f, hyper.ScaleIndex), hyper);
    }

    internal (int[] ZHat, Shape ZShape) DecodeZ(LgcFile f)
    {
        var c = Config;
        var zShape = new Shape(c.N, f.Header.PaddedHeight / 64, f.Header.PaddedWidth / 64);
        var zHat = new int[zShape.Length];
        try
        {
            var zDec = new RangeDecoder(f.GetLayer(LgcLayerType.HyperLatents).Payload.Span);
            IndexedSymbolCoder.DecodeFactorized(ref zDec, Model.Entropy.ZPrior, zHat, c.N, zShape.Plane);
        }
        catch (InvalidDataException e) { throw Corrupt(LgcLayerType.HyperLatents, e); }
        return (zHat, zShape);
    }

    internal int[] DecodeY(LgcFile f, int[] scaleIndex)
    {
        var ySym = new int[scaleIndex.Length];
        try
        {
            var yDec = new RangeDecoder(f.GetLayer(LgcLayerType.Latents).Payload.Span);
            IndexedSymbolCoder.DecodeGaussian(ref yDec, Model.Entropy.Gaussian, scaleIndex, ySym);
        }
        catch (InvalidDataException e) { throw Corrupt(LgcLayerType.Latents, e); }
        return ySym;
    }

    // The range decoder rejects impossible codes (e.g. an escape longer than 32 bits); CRCs can be forged, so this is input, not a bug.
    static LgcException Corrupt(LgcLayerType layer, InvalidDataException e) =>
        new($"{layer} layer is corrupt: {e.Message}", e);

    internal LgcFile Open(byte[] file, bool baseOnly)
    {
        LgcFile f;
        try { f = baseOnly ? LgcContainer.ReadBaseOnly(file) : LgcContainer.Read(file); }
        catch (LgcFormatException e) { throw new LgcException(e.Message, e); }
        if (f.Header.ModelId != Model.ModelId)
            throw new LgcException($"file was made with model {Formats.ModelId.ToHex(f.Header.ModelId)}, this model ({Path.GetFileName(Model.Source)}) is {Formats.ModelId.ToHex(Model.ModelId)}");
        CheckPixels(f.Header);
        return f;
    }

    /// <summary>Refuses a header whose declared size is above <see cref="MaxPixels"/> (checked before any decode buffer exists).</summary>
    void CheckPixels(LgcHeader h)
    {
        long pixels = (long)h.Width * h.Height;
        if (pixels > MaxPixels)
            throw new LgcException($"file declares {h.Width}x{h.Height} = {pixels} pixels, above the decode limit of {MaxPixels} (raise it with --max-pixels)");
        // Even under a raised cap, the decoded planes (3 x padded H x W floats, host and device) must fit one .NET array / device view.
        long planes = 3L * h.PaddedWidth * h.PaddedHeight;
        if (planes > Array.MaxLength)
            throw new LgcException($"file declares {h.Width}x{h.Height}: {planes} output values exceed what one decode buffer can hold ({Array.MaxLength})");
    }

    internal static LgcFileInfo Inspect(byte[] file)
    {
        try { return new LgcFileInfo(LgcContainer.Read(file)); }
        catch (LgcFormatException e) { throw new LgcException(e.Message, e); }
    }

    /// <summary>The validated header and base layers only: what analysis needs (texture bytes may be absent).</summary>
    internal static LgcHeader InspectHeader(byte[] file)
    {
        try { return LgcContainer.ReadBaseOnly(file).Header; }
        catch (LgcFormatException e) { throw new LgcException(e.Message, e); }
    }

    static Tensor Dequantize(int[] ySym, HyperSynthesis.Output hyper)
    {
        var yHat = new float[ySym.Length];
        for (int i = 0; i < yHat.Length; i++) yHat[i] = ySym[i] + hyper.Means[i];
        return new Tensor(yHat, hyper.YShape);
    }

    static int RoundToInt(float v)
    {
        float r = MathF.Round(v, MidpointRounding.ToEven);
        // NaN or out-of-range values cannot come from a sane model; saturate rather than wrap.
        return float.IsNaN(r) ? 0 : r >= int.MaxValue ? int.MaxValue : r <= int.MinValue ? int.MinValue : (int)r;
    }

    static int[] RoundToInt(ReadOnlySpan<float> v)
    {
        var r = new int[v.Length];
        for (int i = 0; i < r.Length; i++) r[i] = RoundToInt(v[i]);
        return r;
    }

    static float[] ToFloat(int[]? v) => v == null ? [] : Array.ConvertAll(v, i => (float)i);

    /// <summary>Releases the backend's device (an ILGPU context and its buffers); CPU backends hold nothing.</summary>
    public void Dispose()
    {
        _device?.Dispose();
        (Model.Backend as IDisposable)?.Dispose();
    }
}
