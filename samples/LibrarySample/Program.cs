using Lgc;
using SixLabors.ImageSharp;

// Usage: LibrarySample IMAGE OUT_DIR   (compress with the bundled default model, inspect, decompress, analyze)
string input = args[0], outDir = args[1];
Directory.CreateDirectory(outDir);

using var codec = LgcCodec.Open(LgcModels.DefaultRate, new LgcCodecOptions { Backend = LgcBackend.Cpu });

LgcCodec.CompressResult packed;
using (var image = File.OpenRead(input))
    packed = codec.Compress(image);
File.WriteAllBytes(Path.Combine(outDir, "image.lgc"), packed.Bytes);
Console.WriteLine($"{codec.ModelName}: {packed.Bytes.Length} bytes, {packed.Bpp:F4} bpp");

var info = LgcCodec.Inspect(packed.Bytes);
Console.WriteLine($"{info.Width}x{info.Height}, model {info.ModelId:x8}");

using (var decoded = codec.DecompressToImage(packed.Bytes))
    decoded.SaveAsPng(Path.Combine(outDir, "decoded.png"));

if (codec.HasAnalysisHeads)
{
    FaceAnalysis a = codec.Analyze(packed.Bytes); // from the base layer: no pixels decoded
    int smiling = Array.IndexOf(FaceLabels.Attributes, "Smiling");
    Console.WriteLine($"Smiling: {a.AttributeProbabilities[smiling]:F2}");
}
