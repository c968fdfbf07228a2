using System.CommandLine;
using System.Text.Json;
using Lgc.Formats;
using Lgc.Model;

namespace Lgc.Cli;

/// <summary>`lgc models`: the bundled weight files ModelLocator finds, with the rate each stands for, its model id,
/// size and analysis heads. A file that is no LGC weight file is one error line; the others are still listed.</summary>
static class ModelsCommand
{
    public static Command Create()
    {
        var json = CommonOptions.Json("model");
        var cmd = new Command("models", "list the bundled models: rate (for --rate), model id (what .lgc files name), size, analysis heads") { json };
        cmd.SetAction(r =>
        {
            string folder = ModelLocator.BundledFolder() ?? throw new LgcException("no bundled weights folder found (weights/*.safetensors beside lgc or above the working folder)");
            var entries = new List<ModelEntry>();
            var errors = new List<string>();
            foreach (var b in ModelLocator.Bundled())
            {
                try { entries.Add(Entry(b.Path, b.Rate)); }
                catch (Exception e) when (Batch.IsUserError(e)) { errors.Add($"{b.Path}: {e.Message.ReplaceLineEndings(" ")}"); }
            }
            if (r.GetValue(json))
                foreach (var e in entries) Console.WriteLine(JsonSerializer.Serialize(e, CliJson.Default.ModelEntry));
            else
            {
                Console.WriteLine($"{"rate",-8} {"model id",-8} {"bytes",10}  {"heads",-12} file (in {folder})");
                foreach (var e in entries)
                    Console.WriteLine($"{e.Rate ?? "-",-8} {e.ModelId,-8} {e.Bytes,10}  {(e.Heads.Length == 0 ? "none" : string.Join("+", e.Heads)),-12} " +
                                      $"{e.File}{(e.Rate == ModelLocator.DefaultRate ? "  (default)" : "")}");
            }
            foreach (var e in errors) Console.Error.WriteLine($"lgc: error: {e}");
            return errors.Count == 0 ? 0 : 1;
        });
        return cmd;
    }

    static ModelEntry Entry(string path, string? rate)
    {
        var file = SafeTensorsFile.Load(path);
        var c = ModelConfig.FromMetadata(file.Metadata, path);
        string[] heads = [.. c.HasHeads ? new[] { "latents" } : [], .. c.RgbHeads ? new[] { "rgb" } : []];
        return new ModelEntry(rate, Path.GetFileName(path), new FileInfo(path).Length, ModelId.ToHex(LgcCodec.ModelIdOf(path)),
            c.Arch, c.HasTexture, heads);
    }
}
