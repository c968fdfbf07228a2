using System.CommandLine;
using System.Text.Json;

namespace Lgc.Cli;

/// <summary>`lgc models`: the bundled weight files ModelLocator finds, with the rate each stands for and its model id.</summary>
static class ModelsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "one JSON object per model on stdout (JSON Lines)" };
        var cmd = new Command("models", "list the bundled models: rate (for --rate), file size, model id (what .lgc files name)") { json };
        cmd.SetAction(r =>
        {
            string folder = ModelLocator.BundledFolder() ?? throw new LgcException("no bundled weights folder found (weights/*.safetensors beside lgc or above the working folder)");
            var entries = ModelLocator.Bundled().Select(b =>
                new ModelEntry(b.Rate, Path.GetFileName(b.Path), new FileInfo(b.Path).Length, Formats.ModelId.ToHex(LgcCodec.ModelIdOf(b.Path)))).ToList();
            if (r.GetValue(json))
            {
                foreach (var e in entries) Console.WriteLine(JsonSerializer.Serialize(e, CliJson.Default.ModelEntry));
                return 0;
            }
            Console.WriteLine($"{"rate",-8} {"model id",-8} {"bytes",10}  file (in {folder})");
            foreach (var e in entries)
                Console.WriteLine($"{e.Rate ?? "-",-8} {e.ModelId,-8} {e.Bytes,10}  {e.File}{(e.Rate == ModelLocator.DefaultRate ? "  (default)" : "")}");
            return 0;
        });
        return cmd;
    }
}
