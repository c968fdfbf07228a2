using Lgc.Imaging;
using Lgc.Model;

namespace Lgc.Fuzz;

/// <summary>
/// One fuzz target per input surface of the engine. A target returns or throws LgcException (a clean
/// rejection); any other exception is a bug and is left to propagate, so AFL records a crash.
/// </summary>
public sealed class FuzzTargets
{
    public static readonly string[] Names = ["container", "decode", "analyze", "safetensors", "image"];

    /// <summary>Decode cap of the fuzzed codec: a 128x128 image keeps one decode at milliseconds, so the fuzzer explores instead of waiting.</summary>
    public const long MaxPixels = 128 * 128;

    /// <summary>The tiny generated model copied next to the harness (tests/fixtures/tiny.safetensors).</summary>
    public static string DefaultModel => Path.Combine(AppContext.BaseDirectory, "fixtures", "tiny.safetensors");

    readonly Lazy<LgcCodec> _codec;
    readonly Lazy<Tensors.IBackend> _backend = new(() => Backends.Create("cpu"));

    public FuzzTargets(string? modelPath = null)
    {
        string path = modelPath ?? DefaultModel;
        _codec = new(() => new LgcCodec(LgcModel.Load(path, _backend.Value), deviceResident: false) { MaxPixels = MaxPixels });
    }

    public static bool IsTarget(string name) => Names.Contains(name);

    /// <summary>Loads what the target needs (the model, the backend) once, so later runs time only the input.
    /// Not for instrumented builds outside Fuzzer.Run: SharpFuzz's edge counters exist only inside it.</summary>
    public void Warm(string name)
    {
        if (name is "decode" or "analyze") _ = _codec.Value;
        if (name is "safetensors") _ = _backend.Value;
    }

    /// <summary>The target's entry point (the model loads on its first call unless <see cref="Warm"/> ran).</summary>
    public Action<byte[]> Get(string name) =>
        name switch
        {
            "container" => Container,
            "decode" => Decode,
            "analyze" => Analyze,
            "safetensors" => SafeTensors,
            "image" => Image,
            _ => throw new ArgumentException($"unknown fuzz target '{name}' (one of {string.Join(", ", Names)})", nameof(name)),
        };

    /// <summary>Header and layer table: the raw bytes (CRC checks first), then the same bytes with every CRC forged.</summary>
    static void Container(byte[] data)
    {
        Rejecting(() => LgcCodec.Inspect(data));
        var forged = Forged(data);
        if (forged != null) LgcCodec.Inspect(forged);
    }

    /// <summary>Full decode (range decoder, h_s, generator) of the input with its CRCs forged.</summary>
    void Decode(byte[] data) => _codec.Value.Decompress(Forged(data) ?? data);

    /// <summary>Base-layer analysis (latents to parsing mask and attributes) of the input with its CRCs forged.</summary>
    void Analyze(byte[] data) => FaceAnalyzer.FromLgc(_codec.Value, Forged(data) ?? data);

    /// <summary>A weight file, loaded as lgc loads --model: framing, metadata, every network, entropy tables.</summary>
    void SafeTensors(byte[] data) => LgcModel.FromBytes(data, "fuzz.safetensors", _backend.Value);

    /// <summary>An input image as compress reads it: strict (truncation refused), then as --allow-truncated reads it.</summary>
    static void Image(byte[] data)
    {
        Rejecting(() => ImageIo.Decode(data, "fuzz"));
        ImageIo.Decode(data, "fuzz", allowTruncated: true, warn: _ => { });
    }

    /// <summary>A copy with every CRC rewritten, as an attacker would; null where the header is too broken to find them.</summary>
    static byte[]? Forged(byte[] data)
    {
        var copy = (byte[])data.Clone();
        return CrcRepair.Repair(copy) ? copy : null;
    }

    /// <summary>Runs a first stage whose clean rejection must not stop the next stage.</summary>
    static void Rejecting(Action a)
    {
        try { a(); }
        catch (LgcException) { }
    }
}
