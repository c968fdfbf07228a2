using Lgc.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace Lgc;

// The public API (libwebp-style: open, compress, decompress, analyze, inspect). Everything it builds on is internal.
//
// Thread safety: one LgcCodec may be used from several threads at once. On the CPU backends calls run in parallel
// (the model's weights are read-only after load and every call allocates its own activations); on the ILGPU backends
// calls into the device are serialised by the codec's device lock. Dispose only when no call is running.
public sealed partial class LgcCodec
{
    /// <summary>
    /// Opens a codec over a weight file: a path, a bundled rate ("low") or a bundled model name ("lgc-low")
    /// (see <see cref="LgcModels"/>). Throws an <see cref="LgcException"/> with one clear sentence when the model
    /// cannot be found or read, or the backend is not available.
    /// </summary>
    public static LgcCodec Open(string modelOrRate, LgcCodecOptions? options = null)
    {
        options ??= new LgcCodecOptions();
        var codec = Load(LgcModels.Resolve(modelOrRate), options.BackendName, options.DeviceResident);
        codec.MaxPixels = options.MaxPixels;
        return codec;
    }

    /// <summary>Opens a codec over the bundled model that coded <paramref name="lgcFile"/> (by the model id in its header).</summary>
    public static LgcCodec OpenFor(ReadOnlySpan<byte> lgcFile, LgcCodecOptions? options = null)
    {
        uint id = Inspect(lgcFile).ModelId;
        string path = LgcModels.ForId(id)
            ?? throw new LgcException($"the file was made with model {id:x8}, which is not among the bundled models; open its weight file with Open(path)");
        return Open(path, options);
    }

    /// <summary>The model's name (from its metadata), e.g. "lgc-low".</summary>
    public string ModelName => Config.Name;

    /// <summary>The model id written into every .lgc file this codec makes.</summary>
    public uint ModelId => Model.ModelId;

    /// <summary>True when the model carries the analysis heads <see cref="Analyze(ReadOnlySpan{byte})"/> needs.</summary>
    public bool HasAnalysisHeads => Config.HasHeads;

    /// <summary>True when the model codes a texture layer (style code) beside the base layer.</summary>
    public bool HasTextureLayer => Config.HasTexture;

    /// <summary>Compresses an ImageSharp image (any size up to 4096×4096; alpha is dropped).</summary>
    public CompressResult Compress(Image<Rgb24> image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var rgb = new RgbImage(image.Width, image.Height);
        image.CopyPixelDataTo(rgb.Pixels);
        return Compress(rgb);
    }

    /// <summary>Compresses interleaved 8-bit RGB pixels, row-major, <paramref name="width"/> × <paramref name="height"/> × 3 bytes.</summary>
    public CompressResult CompressRgb(ReadOnlySpan<byte> rgb, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if ((long)width * height > ImageIo.MaxPixels)
            throw new LgcException($"image {width}x{height} is above the limit of {ImageIo.MaxPixels} pixels (4096x4096)");
        if (rgb.Length != width * height * 3)
            throw new ArgumentException($"expected {width}x{height}x3 = {width * height * 3} bytes, got {rgb.Length}", nameof(rgb));
        return Compress(new RgbImage(width, height, rgb.ToArray()));
    }

    /// <summary>Compresses an encoded image read from a stream (PNG, JPEG, BMP, GIF, TGA, WebP, TIFF).</summary>
    public CompressResult Compress(Stream image)
    {
        ArgumentNullException.ThrowIfNull(image);
        return Compress(ImageIo.Decode(ReadAll(image), "stream"));
    }

    /// <summary>As <see cref="Compress(Stream)"/>, reading the stream asynchronously; the networks run on the thread pool.</summary>
    public async Task<CompressResult> CompressAsync(Stream image, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        byte[] bytes = await ReadAllAsync(image, cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => Compress(ImageIo.Decode(bytes, "stream")), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decodes an .lgc file into an ImageSharp image (the caller disposes it).</summary>
    public Image<Rgb24> DecompressToImage(ReadOnlySpan<byte> lgcFile)
    {
        var rgb = Decompress(lgcFile.ToArray());
        return Image.LoadPixelData<Rgb24>(rgb.Pixels, rgb.Width, rgb.Height);
    }

    /// <summary>Decodes an .lgc file read from a stream into an ImageSharp image (the caller disposes it).</summary>
    public Image<Rgb24> DecompressToImage(Stream lgcFile)
    {
        ArgumentNullException.ThrowIfNull(lgcFile);
        return DecompressToImage(ReadAll(lgcFile));
    }

    /// <summary>As <see cref="DecompressToImage(Stream)"/>, reading the stream asynchronously; the networks run on the thread pool.</summary>
    public async Task<Image<Rgb24>> DecompressToImageAsync(Stream lgcFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lgcFile);
        byte[] bytes = await ReadAllAsync(lgcFile, cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => DecompressToImage(bytes), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Decodes an .lgc file into interleaved 8-bit RGB pixels, row-major.</summary>
    public byte[] DecompressToRgb(ReadOnlySpan<byte> lgcFile, out int width, out int height)
    {
        var rgb = Decompress(lgcFile.ToArray());
        (width, height) = (rgb.Width, rgb.Height);
        return rgb.Pixels;
    }

    /// <summary>
    /// Face parsing and attributes read from the base layer of an .lgc file: entropy decoding only, no pixels are
    /// decoded (the texture layer may be absent). Needs a model with analysis heads (<see cref="HasAnalysisHeads"/>).
    /// </summary>
    public FaceAnalysis Analyze(ReadOnlySpan<byte> lgcFile) => FaceAnalyzer.FromLgc(this, lgcFile.ToArray());

    /// <summary>As <see cref="Analyze(ReadOnlySpan{byte})"/> for an .lgc file on disk.</summary>
    public FaceAnalysis Analyze(string lgcPath) => Analyze(File.ReadAllBytes(lgcPath));

    /// <summary>Validates an .lgc file (header, directory, CRCs) and says what it holds; throws an <see cref="LgcException"/> on a damaged file.</summary>
    public static LgcFileInfo Inspect(ReadOnlySpan<byte> lgcFile) => Inspect(lgcFile.ToArray());

    static byte[] ReadAll(Stream s)
    {
        if (s is MemoryStream ms && ms.TryGetBuffer(out var seg) && ms.Position == 0) return seg.ToArray();
        using var copy = new MemoryStream();
        s.CopyTo(copy);
        return copy.ToArray();
    }

    static async Task<byte[]> ReadAllAsync(Stream s, CancellationToken ct)
    {
        using var copy = new MemoryStream();
        await s.CopyToAsync(copy, ct).ConfigureAwait(false);
        return copy.ToArray();
    }
}
