using System.Text.Json.Serialization;

namespace Lgc.Cli;

/// <summary>What one file's job did: a line for people (<see cref="Text"/>) and, with --json, one object on stdout.
/// The job fills what it knows; the batch runner adds input, status, error and time.</summary>
sealed class FileReport(string text)
{
    [JsonIgnore] public string Text { get; set; } = text;

    public string Command { get; set; } = "";
    public string Input { get; set; } = "";
    /// <summary>ok, skipped (--skip-existing) or failed (see <see cref="Error"/>).</summary>
    public string Status { get; set; } = "ok";
    public string? Error { get; set; }
    public string? Output { get; set; }
    /// <summary>Size of the .lgc file (written by compress, read by decompress and analyze).</summary>
    public long? Bytes { get; set; }
    public double? Bpp { get; set; }
    public string? ModelId { get; set; }
    public int? Width { get; set; }
    public int? Height { get; set; }
    public string? Format { get; set; }
    public bool? Synthesized { get; set; }
    /// <summary>analyze: "latents" (from the .lgc base layer) or "rgb" (from an image).</summary>
    public string? Source { get; set; }
    public string? Mask { get; set; }
    public string? Attributes { get; set; }
    public string? Overlay { get; set; }
    /// <summary>analyze: the attributes predicted present.</summary>
    public string[]? Labels { get; set; }
    public double? Ms { get; set; }
}

/// <summary>`lgc info --json`: one object per .lgc file.</summary>
sealed record InfoReport(string Input, string ModelId, int Width, int Height, int PaddedWidth, int PaddedHeight, bool Synthesized,
    long Bytes, double Bpp, int HeaderBytes, List<LayerReport> Layers);

sealed record LayerReport(string Layer, long Bytes, double Bpp, string Crc32);

/// <summary>`lgc models --json`: one object per bundled weight file. Heads: "latents" (parsing and attributes from the
/// .lgc base layer, C > 0), "rgb" (from pixels); generative: a texture layer drives the decoder (S > 0).</summary>
sealed record ModelEntry(string? Rate, string File, long Bytes, string ModelId, string Arch, bool Generative, string[] Heads);

/// <summary>`lgc verify --json`: symbols differing from PyTorch per stream, and the decode's PSNR against PyTorch's (null: identical).</summary>
sealed record VerifyReport(string Input, string Model, string ModelId, long Bytes, double Bpp, Dictionary<string, int> SymbolsDiffer,
    double? PsnrVsTorch, string Status);

/// <summary>The machine-readable output of lgc, source-generated so it needs no reflection (trimming-safe).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FileReport))]
[JsonSerializable(typeof(InfoReport))]
[JsonSerializable(typeof(ModelEntry))]
[JsonSerializable(typeof(VerifyReport))]
partial class CliJson : JsonSerializerContext;
